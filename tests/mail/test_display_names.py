"""UTF-8 display names (issue 12, item 14): "José Pérez <jose@example.com>" as Outlook and Gmail
copy it is accepted as sender and recipient, and arrives in From/To encoded as mail clients
expect (RFC 2047), through a real aiosmtpd server; a line break in a name is still refused."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from resume_customizer.cli import main
from resume_customizer.errors import InputError
from resume_customizer.guard.addresses import Mailbox, parse_mailboxes, parse_recipients
from resume_customizer.mail.message import build_message, parse_address, parse_mailbox
from tests.mail.smtp_server import STACK, MailServer, make_resume

JOSE = "José Pérez <jose@example.com>"


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RESUME_CUSTOMIZER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RESUME_CUSTOMIZER_RETRY_INITIAL_S", "0")
    monkeypatch.setenv("RESUME_CUSTOMIZER_RETRY_JITTER_S", "0")
    yield


def _manifest(folder: Path, recipients: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jane.docx").write_bytes(make_resume("Jane Doe"))
    (folder / "python.txt").write_text(STACK, encoding="utf-8")
    path = folder / "manifest.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["resume", "stack", "recipient", "subject"])
        for cell in recipients:
            writer.writerow(["jane.docx", "python.txt", cell, "Profile: {name}"])
    return path


def _send(server: MailServer, manifest: Path, sender: str, tmp_path: Path) -> int:
    return main(
        [
            "bulk", str(manifest), "--send", "--sender", sender, "--outbox", str(tmp_path / "o.sqlite3"),
            "--smtp-host", "127.0.0.1", "--smtp-port", str(server.port), "--security", server.mode,
        ]
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (JOSE, [Mailbox("jose@example.com", "José Pérez")]),
        ('"José Pérez" <jose@example.com>', [Mailbox("jose@example.com", "José Pérez")]),
        (
            'Zoë  Åberg <zoe@example.com>; "Doe, Jane \\"JD\\"" <jane@example.com>, bob@example.org',
            [
                Mailbox("zoe@example.com", "Zoë Åberg"),
                Mailbox("jane@example.com", 'Doe, Jane "JD"'),
                Mailbox("bob@example.org", ""),
            ],
        ),
        (
            "Ζωή Παπαδοπούλου <zoe@example.com>, ZOE@example.com",
            [Mailbox("zoe@example.com", "Ζωή Παπαδοπούλου")],
        ),
        ("山田 太郎 <taro@example.jp>", [Mailbox("taro@example.jp", "山田 太郎")]),
    ],
    ids=["unquoted", "quoted", "mixed", "greek-duplicate", "cjk"],
)
def test_utf_8_display_names_are_accepted_quoted_or_not_and_kept(text: str, expected: list[Mailbox]) -> None:
    assert parse_mailboxes(text) == expected
    assert parse_recipients(text) == [m.address for m in expected]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("José\r\nBcc: evil@example.com <jose@example.com>", "'José' is not a valid email address"),
        ('"José\nBcc: evil@example.com" <jose@example.com>', "is not a valid email address"),
        ('"José\x0bBcc: evil@example.com" <jose@example.com>', "contains a line break or control character"),
        ("José\u202e <jose@example.com>", "control or invisible character, U\\+202E"),
        ("José Pérez <jose@@example.com>", "'José Pérez <jose@@example.com>' is not a valid email address"),
    ],
    ids=["crlf", "lf-in-quotes", "vertical-tab", "bidi-override", "bad-address"],
)
def test_a_line_break_or_control_in_a_display_name_is_still_refused(text: str, words: str) -> None:
    with pytest.raises(InputError, match=words) as caught:
        parse_mailboxes(text)
    assert "\n" not in caught.value.message and "\r" not in caught.value.message


def test_a_sender_with_a_line_break_is_refused_as_one_not_read_as_two() -> None:
    with pytest.raises(InputError, match="The sender must be a single line"):
        parse_mailbox("José Pérez\r\nBcc: evil@example.com <jose@example.com>", field="sender")
    assert parse_address(JOSE) == "jose@example.com"
    assert str(parse_mailbox(JOSE)) == JOSE


def test_the_message_encodes_the_names_as_rfc_2047_and_the_envelope_has_bare_addresses() -> None:
    outgoing = build_message(
        sender=JOSE,
        recipients=parse_mailboxes("Zoë Åberg <zoe@example.com>, bob@example.org"),
        subject="Profile",
        body="Hello",
        attachment=b"docx",
        filename="cv.docx",
        message_id="<1@example.com>",
    )
    assert (outgoing.sender, outgoing.recipients) == (
        "jose@example.com",
        ("zoe@example.com", "bob@example.org"),
    )
    raw = outgoing.smtp_bytes()
    assert raw.isascii() and not outgoing.smtputf8
    assert b"From: =?utf-8?q?Jos=C3=A9_P=C3=A9rez?= <jose@example.com>\r\n" in raw
    msg = message_from_bytes(raw, policy=policy.default)
    assert str(msg["From"]) == JOSE and str(msg["To"]) == "Zoë Åberg <zoe@example.com>, bob@example.org"


def test_the_cli_sends_with_the_names_in_from_and_to_and_they_decode_back(
    smtp_server: MailServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _manifest(tmp_path / "job", ['Zoë Åberg <zoe@example.com>; "Doe, Jane" <jane@example.com>'])
    assert _send(smtp_server, manifest, JOSE, tmp_path) == 0, capsys.readouterr()
    [got] = smtp_server.received
    assert got.mail_from == "jose@example.com"
    assert sorted(got.rcpt_tos) == ["jane@example.com", "zoe@example.com"]
    msg = got.message
    [sender] = msg["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("José Pérez", "jose@example.com")
    assert [(a.display_name, a.addr_spec) for a in msg["To"].addresses] == [
        ("Zoë Åberg", "zoe@example.com"),
        ("Doe, Jane", "jane@example.com"),
    ]
    raw = dict(msg.raw_items())  # as it travelled: 7-bit, RFC 2047 encoded words
    assert raw["From"].strip() == "=?utf-8?q?Jos=C3=A9_P=C3=A9rez?= <jose@example.com>"
    assert "=?utf-8?q?Zo=C3=AB_=C3=85berg?= <zoe@example.com>" in raw["To"]
    assert all(value.isascii() for value in raw.values())
    assert capsys.readouterr().out.startswith("1 item(s): 1 sent")


def test_a_line_break_in_a_display_name_sends_nothing_to_the_injected_address(
    smtp_server: MailServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _manifest(tmp_path / "job", ['"Zoë\r\nBcc: evil@example.com" <zoe@example.com>', JOSE])
    evil_sender = "José Pérez\r\nBcc: evil@example.com <jose@example.com>"
    assert _send(smtp_server, manifest, evil_sender, tmp_path) == 2
    assert "The sender must be a single line" in capsys.readouterr().err
    assert _send(smtp_server, manifest, JOSE, tmp_path) == 1
    out = capsys.readouterr().out
    assert "1 sent" in out and "1 failed" in out and "is not a valid email address" in out
    assert [r.rcpt_tos for r in smtp_server.received] == [("jose@example.com",)]
    assert smtp_server.count_for("evil@example.com") == 0
