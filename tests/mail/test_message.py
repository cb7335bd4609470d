"""Messages: addresses, templates, attachment, header injection."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from email import message_from_bytes, policy

import pytest

from resume_customizer.errors import InputError
from resume_customizer.mail.message import (
    DOCX_MIME,
    build_message,
    content_hash,
    parse_recipients,
    render_template,
    safe_filename,
    template_values,
)
from tests.mail.smtp_server import make_resume


def _build(**changes: object) -> bytes:
    values: dict[str, object] = {
        "sender": "recruiter@example.com",
        "recipients": ["hr@example.com"],
        "subject": "Senior engineer",
        "body": "Hello",
        "attachment": b"data",
        "filename": "cv.docx",
        "message_id": "<job-1@example.com>",
    }
    values.update(changes)
    return build_message(**values).to_bytes(policy.SMTP)  # type: ignore[arg-type]


def test_recipients_are_split_validated_normalised_and_deduplicated() -> None:
    assert parse_recipients("a@example.com; B@Example.COM, a@example.com\nJane Roe <c@example.org>") == [
        "a@example.com",
        "B@example.com",
        "c@example.org",
    ]
    with pytest.raises(InputError, match="'bob@' is not a valid email address"):
        parse_recipients("ok@example.com, bob@")
    with pytest.raises(InputError, match="at least one recipient"):
        parse_recipients(" ;, ")
    with pytest.raises(InputError, match=r"'Bcc: victim@example\.com' is not a valid email address"):
        parse_recipients("hr@example.com\r\nBcc: victim@example.com")


@pytest.mark.parametrize(
    "field",
    ["subject", "sender", "recipients", "message_id"],
)
def test_a_line_break_in_any_header_field_is_refused(field: str) -> None:
    evil = {
        "subject": "Hi\r\nBcc: victim@example.com",
        "sender": "me@example.com\nBcc: victim@example.com",
        "recipients": ["hr@example.com\r\nBcc: victim@example.com"],
        "message_id": "<x@example.com>\nBcc: victim@example.com",
    }[field]
    with pytest.raises(InputError, match=r"single line|'Bcc: victim@example.com' is not a valid email"):
        _build(**{field: evil})


def test_the_attachment_has_the_docx_type_and_an_rfc2231_filename() -> None:
    raw = _build(filename="../../Résumé – José.docx")
    assert b"filename*=utf-8''R%C3%A9sum%C3%A9%20%E2%80%93%20Jos%C3%A9.docx" in raw
    msg = message_from_bytes(raw, policy=policy.default)
    [part] = list(msg.iter_attachments())
    assert part.get_content_type() == DOCX_MIME
    assert part.get_filename() == "Résumé – José.docx"  # no path parts
    assert msg["Message-ID"] == "<job-1@example.com>"


def test_a_non_ascii_body_travels_as_7bit_quoted_printable() -> None:
    raw = _build(body="Grüße aus Köln")
    assert raw.isascii()
    msg = message_from_bytes(raw, policy=policy.default)
    assert msg.get_body(("plain",)).get_content().strip() == "Grüße aus Köln"


def test_templates_fill_known_placeholders_and_leave_attribute_tricks_inert() -> None:
    values = template_values(filename="Jane_Doe.docx", techs=["Python", "AWS"], today=date(2026, 5, 4))
    assert render_template("{name}: {techs} ({filename}, {date})", values) == (
        "Jane Doe: Python, AWS (Jane_Doe.docx, 2026-05-04)"
    )
    assert render_template("{name.__class__} {0} {{x", values) == "{name.__class__} {0} {{x"
    with pytest.raises(InputError, match=r"unknown placeholder\(s\) company"):
        render_template("Hello {company}", values, field="subject")


def test_the_content_hash_ignores_zip_timestamps_but_not_content() -> None:
    doc = make_resume()

    def rezip(data: bytes, when: tuple[int, ...], extra: bytes = b"", only: str = "") -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                tail = extra if not only or info.filename == only else b""
                dst.writestr(zipfile.ZipInfo(info.filename, when), src.read(info) + tail)  # type: ignore[arg-type]
        return out.getvalue()

    day1, day2 = (2020, 1, 1, 0, 0, 0), (2024, 6, 6, 6, 6, 6)
    a, b = rezip(doc, day1), rezip(doc, day2)
    assert a != b and content_hash(a) == content_hash(b)
    assert content_hash(rezip(doc, day1, b" ", only="word/document.xml")) != content_hash(a)
    assert content_hash(rezip(doc, day1, b" ", only="word/styles.xml")) != content_hash(a)
    assert content_hash(b"not a zip") != content_hash(b"not a zip!")


def test_safe_filenames_drop_paths_and_forbidden_characters() -> None:
    assert safe_filename("C:\\Users\\x\\cv:final?.docx") == "cv_final_.docx"
    assert safe_filename("...") == "resume.docx"


@pytest.mark.parametrize("chosen", [policy.SMTP, policy.default])
def test_the_attachment_arrives_byte_for_byte_whatever_the_line_ending(chosen: policy.EmailPolicy) -> None:
    resume = make_resume("Zoë Ångström") * 3  # several KB: many base64 lines
    out = build_message(
        sender="recruiter@example.com",
        recipients=["hr@example.com"],
        subject="Résumé",
        body="Hello ünïcode",
        attachment=resume,
        filename="Zoë.docx",
        message_id="<job-2@example.com>",
    )
    data = out.to_bytes(chosen)
    assert all(len(line) <= 998 for line in data.splitlines())  # SMTP line limit
    parsed = message_from_bytes(data, policy=policy.default)
    (part,) = list(parsed.iter_attachments())  # type: ignore[attr-defined]
    assert part.get_content() == resume
    assert part.get_filename() == "Zoë.docx"
    assert out.full_message()["Subject"] == "Résumé"
