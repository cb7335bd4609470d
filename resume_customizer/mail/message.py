"""Email messages for tailored resumes: addresses, templates, the attachment, header safety.

A message is an ``email.message.EmailMessage`` plus its SMTP envelope (``Outgoing``). Every
header value is checked for CR/LF and other control characters (header injection is an
``InputError``); the .docx goes out with its proper MIME type and an RFC 2231 filename, so
"Résumé – José.docx" arrives intact. Sender and recipients keep their display names in From
and To ("José Pérez <jose@example.com>"), encoded as mail clients expect (RFC 2047) unless
the message needs SMTPUTF8 anyway; the envelope holds the bare addresses. The Message-ID is
chosen by the caller (the outbox fixes one per send job), so a retried or re-run send carries
the same id.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from email.policy import Policy
from email.utils import formatdate, make_msgid

from ..errors import InputError
from ..guard.addresses import Mailbox, check_header_value
from ..guard.addresses import parse_mailboxes as guard_parse_mailboxes
from ..guard.uploads import safe_filename  # the one file-name sanitizer (issue 4)

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PLACEHOLDERS = ("name", "filename", "techs", "date")
DEFAULT_SUBJECT = "Resume: {name}"
DEFAULT_BODY = "Hello,\n\nPlease find attached the resume of {name} ({filename}).\n\nBest regards,\n"

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_MAIN_PART = "word/document.xml"


# The attachment is base64-encoded by C code and spliced into the serialized message in place
# of this stand-in: the email package would encode and write its ~1,000 lines one at a time,
# which costs more CPU than tailoring the resume (it is what bounded a bulk send's throughput).
_STAND_IN = b"rc-attachment-stand-in:" + bytes(range(22))  # 45 bytes: one base64 line


_LINE_BYTES = 57  # 57 bytes make one 76-character base64 line (RFC 2045)


def _with_base64(head: bytes, data: bytes, linesep: bytes, tail: bytes) -> bytes:
    """``head``, ``data`` in base64 lines of 76 characters, then ``tail``: one buffer, filled in place.

    A 45 MB resume is 830,000 lines; a list of them all (or the regex engine's pieces) held about
    100 MB of small objects beside the text, and the bulk run of such a resume took 540 MB. The
    lines are cut a block at a time (4,096 lines), each block encoded and joined in C.
    """
    lines = -(-len(data) // _LINE_BYTES)
    size = len(head) + 4 * (-(-len(data) // 3)) + lines * len(linesep) + len(tail)
    out = bytearray(size)
    out[: len(head)] = head
    pos = len(head)
    view = memoryview(data)
    block = _LINE_BYTES * 4096
    for start in range(0, len(data), block):
        encoded = base64.b64encode(view[start : start + block])
        text = linesep.join([encoded[i : i + 76] for i in range(0, len(encoded), 76)]) + linesep
        out[pos : pos + len(text)] = text
        pos += len(text)
    out[pos:] = tail
    return bytes(out)


@dataclass(frozen=True)
class Outgoing:
    """A built message and its SMTP envelope (who it is from, who receives it).

    ``message`` holds every header and the body; its attachment part carries a stand-in
    payload until ``to_bytes`` serializes it with the real ``attachment``.
    """

    sender: str
    recipients: tuple[str, ...]
    message: EmailMessage
    attachment: bytes = b""

    @property
    def message_id(self) -> str:
        """The Message-ID header of the message."""
        return str(self.message["Message-ID"])

    def to_bytes(self, policy: Policy) -> bytes:
        """The whole message, attachment included, as ``policy`` serializes it."""
        data = self.message.as_bytes(policy=policy)
        if not self.attachment:
            return data
        linesep = policy.linesep.encode("ascii")
        stand_in = base64.b64encode(_STAND_IN) + linesep
        if data.count(stand_in) != 1:
            raise RuntimeError("the attachment's place in the message was not found")
        head, _, tail = data.partition(stand_in)
        return _with_base64(head, self.attachment, linesep, tail)

    @property
    def smtputf8(self) -> bool:
        """Whether an address is non-ASCII, so the message needs a server with SMTPUTF8."""
        return _needs_smtputf8(self.sender, self.recipients)

    def smtp_bytes(self) -> bytes:
        """The message as SMTP carries it: CRLF lines, UTF-8 headers only when an address needs them."""
        return self.to_bytes(email_policy.SMTPUTF8 if self.smtputf8 else email_policy.SMTP)

    def wire(self) -> Wire:
        """The message serialized once for SMTP, with its envelope (see ``Wire``)."""
        return Wire(self.sender, self.recipients, self.message_id, self.smtp_bytes())

    def full_message(self) -> EmailMessage:
        """The message as one ``EmailMessage`` with the real attachment (parsed back)."""
        return message_from_bytes(self.to_bytes(email_policy.default), policy=email_policy.default)  # type: ignore[return-value]


@dataclass(frozen=True)
class Wire:
    """A message serialized for SMTP, with its envelope: what the transport writes, as bytes.

    ``Outgoing.wire()`` makes it where CPU is to spare (a bulk run's tailoring processes), so
    the thread that holds the SMTP connection only writes bytes; it pickles as plain bytes
    and strings, where an ``EmailMessage`` costs more to unpickle than to build.
    """

    sender: str
    recipients: tuple[str, ...]
    message_id: str
    data: bytes

    @property
    def smtputf8(self) -> bool:
        """Whether an address is non-ASCII, so the message needs a server with SMTPUTF8."""
        return _needs_smtputf8(self.sender, self.recipients)

    def smtp_bytes(self) -> bytes:
        """The message as SMTP carries it."""
        return self.data


Sendable = Outgoing | Wire  # what the transport sends: a message, or one already serialized


def _needs_smtputf8(sender: str, recipients: Iterable[str]) -> bool:
    return not (sender.isascii() and all(r.isascii() for r in recipients))


def check_header(field: str, value: str) -> str:
    """``value`` when it is safe as one header line; ``InputError`` on CR/LF or other controls."""
    return check_header_value(value, field)


_LINE_BREAKS = frozenset("\r\n\x0b\x0c\x85\u2028\u2029")


def _single_line(text: str, field: str) -> None:
    """A sender or recipient field with a line break is refused as such, before anything else."""
    if any(c in _LINE_BREAKS for c in text):
        raise InputError(f"The {field} must be a single line: remove the line break.")


def parse_mailbox(text: str | Mailbox, *, field: str = "address") -> Mailbox:
    """Exactly one validated, normalised address with its display name ("José <jose@x.com>")."""
    if isinstance(text, Mailbox):
        return text
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"The {field} is empty; write an address like name@example.com.")
    _single_line(text, field)
    boxes = _validated(text)
    if len(boxes) != 1:
        raise InputError(f"The {field} must be one address, not {len(boxes)}.")
    return boxes[0]


def parse_address(text: str, *, field: str = "address") -> str:
    """Exactly one validated, normalised email address (without its display name)."""
    return parse_mailbox(text, field=field).address


@functools.lru_cache(maxsize=4096)
def _validated_tuple(text: str) -> tuple[Mailbox, ...]:
    return tuple(guard_parse_mailboxes(text))


def _validated(text: str) -> list[Mailbox]:
    # A pure function of the text, asked again for the same address within one send.
    return list(_validated_tuple(text))


def parse_mailboxes(text: str) -> list[Mailbox]:
    """The recipients of a field with their display names, validated, duplicates dropped."""
    return _validated(text)


def parse_recipients(text: str) -> list[str]:
    """Addresses separated by commas, semicolons or lines, validated, duplicates dropped.

    The one place mail/ reads a recipients field; the rules are guard.addresses' (issue 4), so
    the app's form and the bulk manifest accept exactly the same text. Line breaks only
    separate addresses, so "a@x.com\r\nBcc: b@x.com" fails as an invalid address instead of
    reaching a header.
    """
    return [m.address for m in _validated(text)]


def check_filename(name: str) -> str:
    """``name`` when it can name the attachment; ``InputError`` about the file name otherwise.

    Its own message: the name also fills the subject's ``{name}``, whose check would blame
    the subject for a line break that is in the file's name.
    """
    bad = [c for c in name if c in _LINE_BREAKS or unicodedata.category(c) == "Cc"]
    if bad:
        shown = "".join("?" if c in bad else c for c in name)
        what = "a line break" if any(c in _LINE_BREAKS for c in bad) else "a control character"
        raise InputError(
            f"The file name '{shown}' contains {what}, which an attachment's name cannot hold; "
            "rename the file without it."
        )
    return name


def render_template(template: str, values: Mapping[str, str], *, field: str = "template") -> str:
    """Fill ``{name}``, ``{filename}``, ``{techs}`` and ``{date}``; an unknown placeholder is an error."""
    unknown = sorted({m.group(1) for m in _PLACEHOLDER.finditer(template)} - set(values))
    if unknown:
        known = ", ".join("{" + k + "}" for k in values)
        raise InputError(f"The {field} uses unknown placeholder(s) {', '.join(unknown)}; known: {known}.")
    # A regex, not str.format: "{name.__class__}" or "{0}" must stay inert text.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def template_values(
    *, filename: str, techs: Sequence[str], today: date, name: str | None = None
) -> dict[str, str]:
    """The placeholder values for one resume: name (from the file name unless given), techs, date."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    guessed = " ".join(re.split(r"[_\-.\s]+", stem)).strip() or stem
    return {
        "name": name or guessed,
        "filename": filename,
        "techs": ", ".join(t for t in techs if t),
        "date": today.isoformat(),
    }


def content_hash(data: bytes) -> str:
    """SHA-256 of a document's content; for a zip (.docx) over its entries, not its timestamps.

    Saving the same document twice gives zips that differ only in entry dates; the outbox's
    idempotency key must not see them as two resumes, or a re-run would send a duplicate.
    The main part (word/document.xml, where tailoring writes) is hashed in full; the other
    parts by name, CRC-32 and size from the zip directory, which spares inflating ~1 MB of
    styles per message.
    """
    digest = hashlib.sha256()
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                infos = sorted(archive.infolist(), key=lambda i: i.filename)
                names = {i.filename for i in infos}
                for info in infos:
                    digest.update(f"{info.filename}\0{info.CRC:08x}\0{info.file_size}\0".encode())
                full = [_MAIN_PART] if _MAIN_PART in names else [i.filename for i in infos]
                for name in full:
                    digest.update(archive.read(name))
            return digest.hexdigest()
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
            digest = hashlib.sha256()  # not a readable zip: fall back to the raw bytes
    digest.update(data)
    return digest.hexdigest()


def new_message_id(sender: str | Mailbox) -> str:
    """A fresh, globally unique Message-ID in the sender's domain."""
    if isinstance(sender, Mailbox):
        sender = sender.address
    domain = sender.rsplit("@", 1)[-1] if "@" in sender else "resume-customizer.local"
    return make_msgid(domain=domain)


def build_message(
    *,
    sender: str | Mailbox,
    recipients: Iterable[str | Mailbox],
    subject: str,
    body: str,
    attachment: bytes,
    filename: str,
    message_id: str,
    mime_type: str = DOCX_MIME,
    timestamp: float | None = None,
) -> Outgoing:
    """The message with the resume attached, ready for the transport.

    ``sender`` and each of ``recipients`` may carry a display name (a ``Mailbox``, or text such
    as "José Pérez <jose@example.com>"); From and To keep it, the envelope has the addresses.
    """
    sender_box = parse_mailbox(sender, field="sender")
    boxes = tuple(parse_mailbox(r, field="recipient") for r in recipients)
    if not boxes:
        raise InputError("No recipient given; write at least one address like name@example.com.")
    check_filename(filename)
    check_header("subject", subject)
    check_header("Message-ID", message_id)
    maintype, _, subtype = mime_type.partition("/")
    msg = EmailMessage()
    msg["From"] = sender_box.header()
    msg["To"] = [box.header() for box in boxes]
    msg["Subject"] = subject.strip()
    msg["Date"] = formatdate(timestamp, localtime=False)
    msg["Message-ID"] = message_id
    text = body if body.endswith("\n") else body + "\n"
    # Quoted-printable keeps a non-ASCII body 7-bit clean for servers without 8BITMIME.
    msg.set_content(text, cte=None if text.isascii() else "quoted-printable")
    # The email package writes a non-ASCII filename as RFC 2231 (filename*=utf-8''...).
    msg.add_attachment(_STAND_IN, maintype=maintype, subtype=subtype, filename=safe_filename(filename))
    return Outgoing(
        sender=sender_box.address,
        recipients=tuple(box.address for box in boxes),
        message=msg,
        attachment=attachment if isinstance(attachment, bytes) else bytes(attachment),
    )


__all__ = [
    "DEFAULT_BODY",
    "DEFAULT_SUBJECT",
    "DOCX_MIME",
    "PLACEHOLDERS",
    "Mailbox",
    "Outgoing",
    "Sendable",
    "Wire",
    "build_message",
    "check_filename",
    "check_header",
    "content_hash",
    "new_message_id",
    "parse_address",
    "parse_mailbox",
    "parse_mailboxes",
    "parse_recipients",
    "render_template",
    "safe_filename",
    "template_values",
]
