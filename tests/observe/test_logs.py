"""Logging: redaction everywhere, rotation, idempotent setup, the ring buffer and its filters."""

from __future__ import annotations

import base64
import json
import logging
import smtplib
import threading
from pathlib import Path

import pytest

from resume_customizer.config import LogSettings, Secret, Settings, SmtpSettings
from resume_customizer.errors import InputError
from resume_customizer.observe.logs import (
    bind_context,
    configure_logging,
    log_context,
    log_file_path,
    records,
    redact,
    register_secret,
)

PASSWORD = "hunter2-App-Pass-9"
USER = "me@example.com"


def _all_ring_text() -> str:
    return "\n".join(repr(r) for r in records(level="DEBUG"))


def _file_text(settings: Settings) -> str:
    return log_file_path(settings).read_text(encoding="utf-8")


def _log_like_a_mail_module(password: str) -> None:
    """What a careless SMTP module could do with a password: msg, args, extra, exception."""
    mail_log = logging.getLogger("resume_customizer.mail.transport")
    mail_log.info("login to %s as %s with password %s", "smtp.example.com", USER, password)
    mail_log.info("login with %(user)s / %(pw)s", {"user": USER, "pw": password})
    mail_log.info(f"connecting with password {password}")
    mail_log.warning(
        "authentication attempt",
        extra={"recipient": "x@example.org", "password": password, "detail": f"pw was {password}"},
    )
    auth_plain = base64.b64encode(f"\0{USER}\0{password}".encode()).decode()
    mail_log.debug("send: 'AUTH PLAIN %s\\r\\n'", auth_plain)
    mail_log.debug("send: '%s\\r\\n'", base64.b64encode(password.encode()).decode())  # AUTH LOGIN
    try:
        raise smtplib.SMTPAuthenticationError(535, f"5.7.8 bad credentials {password}".encode())
    except smtplib.SMTPAuthenticationError:
        mail_log.exception("send to %s failed", "x@example.org")


@pytest.mark.parametrize("json_lines", [False, True], ids=["text", "json"])
def test_a_password_given_to_a_send_never_appears_in_the_file_the_console_or_the_ring_buffer(
    settings: Settings, capsys: pytest.CaptureFixture[str], json_lines: bool
) -> None:
    settings = settings.replace(
        smtp=SmtpSettings(host="smtp.example.com", username=USER, password=Secret(PASSWORD)),
        log=LogSettings(level="DEBUG", json=json_lines, console=True),
    )
    configure_logging(settings, console=True)

    _log_like_a_mail_module(PASSWORD)

    outputs = {"file": _file_text(settings), "console": capsys.readouterr().err, "ring": _all_ring_text()}
    forms = [PASSWORD, base64.b64encode(PASSWORD.encode()).decode().rstrip("=")]
    forms.append(base64.b64encode(f"\0{USER}\0{PASSWORD}".encode()).decode())
    for where, text in outputs.items():
        assert "send to x@example.org failed" in text, where  # the records did arrive
        assert "SMTPAuthenticationError" in text, where  # with their exception
        for form in forms:
            assert form not in text, f"{form!r} leaked into the {where}"


def test_passwords_tokens_and_auth_strings_are_redacted_without_being_registered(
    settings: Settings,
) -> None:
    configure_logging(settings.replace(log=LogSettings(level="DEBUG", console=False)))
    log = logging.getLogger("resume_customizer.mail.sender")

    log.info("connecting with password=pa55word-1 user=alice")
    log.info("settings %s", {"smtp_password": "pa55word-2", "host": "smtp.example.com"})
    log.info("header Authorization: Bearer eyJhbGciOi.payload.sig-3")
    log.info("send: AUTH PLAIN AGFsaWNlAHBhNTV3b3JkLTQ=")
    log.info("relay smtp://alice:pa55word-5@smtp.example.com:587")
    log.info("env SMTP_APP_PASSWORD: 'pa55word-6'")

    ring = _all_ring_text()
    for secret in (
        "pa55word-1",
        "pa55word-2",
        "eyJhbGciOi",
        "AGFsaWNlAHBhNTV3b3JkLTQ=",
        "pa55word-5",
        "pa55word-6",
    ):
        assert secret not in ring
        assert secret not in _file_text(settings)
    assert "user=alice" in ring  # only the secret goes, not the line
    assert "smtp.example.com" in ring


def test_a_secret_setting_passed_as_an_argument_is_masked_and_remembered(settings: Settings) -> None:
    configure_logging(settings)
    log = logging.getLogger("resume_customizer.mail.sender")

    log.info("using %s", Secret("zz-unregistered-zz"))
    log.info("later the raw value zz-unregistered-zz shows up")

    text = _all_ring_text()
    assert "zz-unregistered-zz" not in text
    assert "later the raw value *** shows up" in text


def test_a_handler_further_up_the_chain_receives_the_record_already_redacted(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    register_secret("root-handler-secret")
    configure_logging(settings)
    with caplog.at_level(logging.INFO):
        logging.getLogger("resume_customizer.mail").info("pw root-handler-secret")

    assert "root-handler-secret" not in caplog.text
    assert "pw ***" in caplog.text


def test_redact_leaves_ordinary_text_alone() -> None:
    text = "sent 3 emails to bob@example.org in 1.2 s; password reset link is not a password"
    assert redact(text) == text


def test_writing_past_the_size_limit_keeps_five_backups(settings: Settings) -> None:
    settings = settings.replace(log=LogSettings(file_max_bytes=1024, file_backups=5, console=False))
    configure_logging(settings)
    log = logging.getLogger("resume_customizer.bulk")

    for i in range(400):
        log.info("line %04d %s", i, "x" * 80)

    logs_dir = log_file_path(settings).parent
    names = sorted(p.name for p in logs_dir.iterdir())
    expected = ["resume_customizer.log"] + [f"resume_customizer.log.{n}" for n in range(1, 6)]
    assert names == sorted(expected)
    assert all(p.stat().st_size <= 1024 for p in logs_dir.iterdir())
    assert "line 0399" in _file_text(settings)  # the newest is in the current file


def test_configuring_many_times_like_streamlit_reruns_adds_no_duplicate_handlers(settings: Settings) -> None:
    configure_logging(settings)
    package_logger = logging.getLogger("resume_customizer")
    handlers_after_first = list(package_logger.handlers)

    for _ in range(20):
        configure_logging(settings)
    logging.getLogger("resume_customizer.ui").info("rerun marker")

    assert package_logger.handlers == handlers_after_first
    assert _file_text(settings).count("rerun marker") == 1
    assert len(records(search="rerun marker")) == 1


def test_configuring_with_another_data_dir_moves_the_file_and_keeps_the_ring(
    settings: Settings, tmp_path: Path
) -> None:
    configure_logging(settings)
    logging.getLogger("resume_customizer.ui").info("before the move")
    moved = settings.replace(data_dir=tmp_path / "elsewhere")

    configure_logging(moved)
    logging.getLogger("resume_customizer.ui").info("after the move")

    assert "after the move" not in _file_text(settings)
    assert "after the move" in _file_text(moved)
    assert [r.message for r in records()] == ["before the move", "after the move"]


def test_an_unwritable_data_dir_leaves_logging_in_memory_and_says_why(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "plain-file"
    not_a_dir.write_text("x")
    settings = Settings().replace(data_dir=not_a_dir, log=LogSettings(console=False))

    configure_logging(settings)  # must not raise: the app and `health` still have to run
    logging.getLogger("resume_customizer.ui").info("still recorded")

    messages = [r.message for r in records(level="DEBUG")]
    assert any("cannot write the log file" in m for m in messages)
    assert "still recorded" in messages


def test_without_console_nothing_reaches_stderr_not_even_a_traceback(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(settings, console=False)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("resume_customizer.cli").exception("unexpected error")

    captured = capsys.readouterr()
    assert captured.err == ""
    assert "RuntimeError: boom" in _file_text(settings)


def test_context_fields_reach_the_file_and_the_ring_buffer(settings: Settings) -> None:
    configure_logging(settings)
    log = logging.getLogger("resume_customizer.mail.bulk")

    with log_context(session="s-1", operation="bulk.send"):
        log.info("sent", extra={"recipient": "ann@example.org", "file": "ann.docx", "duration_ms": 12.5})

    (view,) = records()
    assert (view.session, view.operation, view.recipient, view.file, view.duration_ms) == (
        "s-1",
        "bulk.send",
        "ann@example.org",
        "ann.docx",
        12.5,
    )
    line = _file_text(settings).strip()
    assert line.endswith(
        "sent [operation=bulk.send file=ann.docx recipient=ann@example.org duration_ms=12.5 session=s-1]"
    )


def test_json_lines_are_one_parseable_object_per_record(settings: Settings) -> None:
    settings = settings.replace(log=LogSettings(json=True, console=False))
    configure_logging(settings)
    log = logging.getLogger("resume_customizer.preview")

    with log_context(session="s-9"):
        log.info("rendered %s", "cv.docx", extra={"operation": "preview", "duration_ms": 3})
        log.warning("slow")

    entries = [json.loads(line) for line in _file_text(settings).splitlines()]
    assert [e["message"] for e in entries] == ["rendered cv.docx", "slow"]
    assert entries[0]["operation"] == "preview"
    assert entries[0]["duration_ms"] == 3
    assert {e["session"] for e in entries} == {"s-9"}
    assert entries[1]["level"] == "WARNING"


@pytest.fixture
def two_sessions(settings: Settings) -> Settings:
    """Records of sessions alice and bob, plus one of no session."""
    configure_logging(settings.replace(log=LogSettings(level="DEBUG", console=False)))
    log = logging.getLogger("resume_customizer.ui")
    log.info("app started")
    with log_context(session="alice"):
        log.debug("alice opened the page")
        log.info("alice previewed resume.docx")
        log.warning("alice was rate limited")
    with log_context(session="bob"):
        log.info("bob sent", extra={"recipient": "hr@acme.example"})
        log.error("bob's send failed")
    return settings


def test_the_ring_buffer_level_filter_keeps_that_level_and_above(two_sessions: Settings) -> None:
    assert [r.message for r in records(level="WARNING")] == ["alice was rate limited", "bob's send failed"]
    assert [r.message for r in records(level="ERROR")] == ["bob's send failed"]
    assert len(records(level="DEBUG")) == 6
    assert len(records(level="info")) == 5


def test_the_ring_buffer_search_ignores_case_and_looks_at_context_too(two_sessions: Settings) -> None:
    assert [r.message for r in records(search="RESUME.DOCX")] == ["alice previewed resume.docx"]
    assert [r.message for r in records(search="acme.example")] == ["bob sent"]
    assert records(search="nothing like this") == []


def test_a_session_panel_shows_only_that_sessions_records(two_sessions: Settings) -> None:
    alice = [r.message for r in records(level="DEBUG", session="alice")]
    bob = [r.message for r in records(level="DEBUG", session="bob")]

    assert alice == ["alice opened the page", "alice previewed resume.docx", "alice was rate limited"]
    assert bob == ["bob sent", "bob's send failed"]
    assert records(session="carol") == []
    file_text = _file_text(two_sessions)  # the operator's file has every one of them
    for message in ["app started", *alice, *bob]:
        assert message in file_text


def test_a_worker_thread_keeps_its_callers_session_only_when_bound(settings: Settings) -> None:
    configure_logging(settings)
    log = logging.getLogger("resume_customizer.mail.bulk")

    def work(label: str) -> None:
        log.info("worker %s", label)

    with log_context(session="alice"):
        bound = threading.Thread(target=bind_context(work), args=("bound",))
        unbound = threading.Thread(target=work, args=("unbound",))
        for t in (bound, unbound):
            t.start()
            t.join()

    assert [r.message for r in records(session="alice")] == ["worker bound"]
    assert [r.session for r in records(search="worker unbound")] == [None]


def test_the_ring_buffer_keeps_only_the_newest_records(settings: Settings) -> None:
    configure_logging(settings.replace(log=LogSettings(ring_size=10, console=False)))
    log = logging.getLogger("resume_customizer.ui")

    for i in range(25):
        log.info("record %d", i)

    assert [r.message for r in records()] == [f"record {i}" for i in range(15, 25)]


def test_an_unknown_level_name_is_refused_with_the_accepted_ones() -> None:
    with pytest.raises(InputError, match="DEBUG, INFO, WARNING or ERROR"):
        records(level="LOUD")
