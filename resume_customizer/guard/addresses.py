"""Address checks: recipient fields and header values, before anything reaches an email.

Entry points:

* ``parse_mailboxes(text)`` reads a recipients field: addresses separated by commas,
  semicolons or line breaks, each with its display name when it has one (``José Pérez
  <jose@example.com>`` as Outlook and Gmail copy it, or ``"Doe, Jane" <jane@example.com>``).
  The address part is checked and normalised by email-validator without network lookups by
  default; the display name may hold any printable Unicode, quoted or not (RFC 6532), and is
  NFC-normalised with its spaces collapsed. Duplicates (same address, ignoring case) are
  removed, order kept. A bad address raises ``InputError`` naming it. Because line breaks only
  ever separate recipients, neither an address nor a name can carry a CR/LF into a header; an
  injection attempt such as ``a@x.com\\r\\nBcc: b@y.com`` is refused as the invalid address
  ``Bcc: b@y.com``. ``parse_recipients(text)`` is the same, as bare addresses.
* ``check_header_value(value, field)`` for any other header (subject, sender name): one line,
  no control characters, at most 998 characters (RFC 5322).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from email.headerregistry import Address

from email_validator import EmailNotValidError, validate_email

from ..errors import InputError

MAX_RECIPIENTS = 100
MAX_FIELD_CHARS = 20_000
MAX_HEADER_CHARS = 998
MAX_NAME_CHARS = 200
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


@dataclass(frozen=True)
class Mailbox:
    """One recipient or sender: the normalised address and its display name ("" for none)."""

    address: str
    name: str = ""

    def header(self) -> Address:
        """The mailbox as a header value; the email package encodes the name (RFC 2047)."""
        username, _, domain = self.address.rpartition("@")
        return Address(display_name=self.name, username=username, domain=domain)

    def __str__(self) -> str:
        """As people write it: ``José Pérez <jose@example.com>``, or the bare address."""
        return str(self.header()) if self.name else self.address


# "name <address>", the name quoted or not; the address is what the last pair of brackets holds.
_NAME_ADDR = re.compile(r"(?P<name>.*?)\s*<(?P<addr>[^<>]*)>", re.DOTALL)
_QUOTED_PAIR = re.compile(r"\\(.)", re.DOTALL)


def _display_name(raw: str, token: str) -> str:
    """The display name as written (quotes and their escapes removed), checked and normalised."""
    name = raw.strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = _QUOTED_PAIR.sub(r"\1", name[1:-1])
    chars: list[str] = []
    for c in name:
        if c in _HEADER_BREAKS:
            raise InputError(f"'{_shown(token)}' contains a line break or control character; remove it.")
        if c.isspace():
            chars.append(" ")
        elif c.isprintable():
            chars.append(c)
        else:
            raise InputError(
                f"'{_shown(token)}' is not a valid email address (the display name contains a control "
                f"or invisible character, U+{ord(c):04X}). Fix it and try again."
            )
    name = " ".join(unicodedata.normalize("NFC", "".join(chars)).split())
    if len(name) > MAX_NAME_CHARS:
        raise InputError(
            f"The display name of '{_shown(token)}' is {len(name):,} characters long; the limit is "
            f"{MAX_NAME_CHARS}."
        )
    return name


def _mailbox(token: str, check_deliverability: bool) -> Mailbox:
    """One token of a recipients field as a mailbox; ``InputError`` naming it when it is bad."""
    m = _NAME_ADDR.fullmatch(token)
    try:
        if m is None:
            result = validate_email(token, check_deliverability=check_deliverability, allow_display_name=True)
            name = _display_name(result.display_name or "", token)
        else:
            result = validate_email(m["addr"].strip(), check_deliverability=check_deliverability)
            name = _display_name(m["name"], token)
    except EmailNotValidError as exc:
        reason = " ".join(str(exc).split()).rstrip(".")
        raise InputError(
            f"'{_shown(token)}' is not a valid email address ({reason}). Fix it and try again."
        ) from None
    address = result.normalized
    if any(c in _HEADER_BREAKS or not c.isprintable() for c in address):
        raise InputError(f"'{_shown(token)}' contains a line break or control character; remove it.")
    return Mailbox(address, name)


def parse_mailboxes(
    text: str,
    *,
    check_deliverability: bool = False,
    required: bool = True,
    max_recipients: int = MAX_RECIPIENTS,
) -> list[Mailbox]:
    """Normalised, de-duplicated mailboxes (address and display name) from a recipients field."""
    if not isinstance(text, str):
        raise InputError("The recipients must be text: email addresses separated by commas.")
    if len(text) > MAX_FIELD_CHARS:
        raise InputError(
            f"The recipients field is {len(text):,} characters long; the limit is {MAX_FIELD_CHARS:,}."
        )
    out: list[Mailbox] = []
    seen: set[str] = set()
    for token in _split(text):
        mailbox = _mailbox(token, check_deliverability)
        key = mailbox.address.casefold()
        if key in seen:
            continue
        seen.add(key)
        out.append(mailbox)
        if len(out) > max_recipients:
            raise InputError(f"More than {max_recipients} recipients in one field; send to fewer at a time.")
    if required and not out:
        raise InputError("Enter at least one recipient email address, for example jane@example.com.")
    return out


def parse_recipients(
    text: str,
    *,
    check_deliverability: bool = False,
    required: bool = True,
    max_recipients: int = MAX_RECIPIENTS,
) -> list[str]:
    """Normalised, de-duplicated addresses from a recipients field; ``InputError`` names a bad one."""
    boxes = parse_mailboxes(
        text, check_deliverability=check_deliverability, required=required, max_recipients=max_recipients
    )
    return [m.address for m in boxes]


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


__all__ = ["MAX_RECIPIENTS", "Mailbox", "check_header_value", "parse_mailboxes", "parse_recipients"]
