"""Each status on the page says what is true now: after a send, after a refused Preview, after a
dry run; and Preview counts only real work against its rate limit."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.mail.smtp_server import MailServer

from .conftest import ROOT, STACK_A, STACK_B, Page, rkey

STALE = "The inputs changed since the last preview"


def _page() -> Page:
    return Page(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)).run()


def _breaker(app: Page) -> str:
    [words] = [c for c in app.texts("caption") if c.startswith("Circuit breaker")]
    return words


def test_the_breaker_right_after_a_send_no_longer_says_no_sends_yet(
    app: Page, resume_a: bytes, smtp_server: MailServer
) -> None:
    app.upload(("a.docx", resume_a)).type("stack", resume_a, STACK_A).type(
        "to", resume_a, "client@example.com"
    )
    app.smtp(smtp_server).click(f"send-{rkey(resume_a)}")
    app.assert_clean()
    assert app.texts("success") == ["Sent to client@example\\.com\\."]
    words = _breaker(app)
    assert "no sends yet" not in words and "nothing sent" not in words
    assert words == "Circuit breaker: closed (no failures in a row)"


def test_the_breaker_says_open_beside_a_send_the_paused_server_stopped(
    page_env: None, resume_a: bytes, smtp_server: MailServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {
        "RETRY_ATTEMPTS": "4",
        "RETRY_INITIAL_S": "0",
        "RETRY_MAX_S": "0",
        "RETRY_JITTER_S": "0",
        "BREAKER_FAILURE_THRESHOLD": "5",
        "BREAKER_INITIAL_RESET_S": "600",
        "BREAKER_RESET_TIMEOUT_S": "600",
        "BREAKER_MAX_WAIT_S": "0",
    }.items():
        monkeypatch.setenv(f"RESUME_CUSTOMIZER_{name}", value)
    smtp_server.fault(lambda stage, address, n: "421 4.3.2 try later" if stage == "RCPT" else None)
    app = _page()
    app.upload(("a.docx", resume_a)).type("stack", resume_a, STACK_A).type(
        "to", resume_a, "client@example.com"
    )
    app.smtp(smtp_server).click(f"send-{rkey(resume_a)}")  # 4 tries, 4 failures
    app.assert_clean()
    assert _breaker(app).startswith("Circuit breaker: closed (4 of 5 failures in a row")
    app.click(f"send-{rkey(resume_a)}")  # the 5th failure pauses sending
    app.assert_clean()
    [error] = app.texts("error")
    assert "sending is paused" in error
    assert _breaker(app).startswith("Circuit breaker: **open** — sending paused for ")


@pytest.mark.parametrize(
    ("stack", "said"),
    [("Kafka\n\nAWS", "has no bullet points"), ("Java\nSpring Boot\nKafka\nAWS", "only tech names")],
    ids=["no-points", "names-only"],
)
def test_a_preview_refused_for_a_bad_stack_does_not_say_the_inputs_changed(
    app: Page, resume_a: bytes, stack: str, said: str
) -> None:
    preview = f"preview-{rkey(resume_a)}"
    app.upload(("a.docx", resume_a)).type("stack", resume_a, STACK_A).click(preview)
    assert app.html()
    app.type("stack", resume_a, stack).click(preview)
    app.assert_clean()
    assert any(said in e for e in app.texts("error"))
    assert not any(c.startswith(STALE) for c in app.texts("caption"))
    assert not app.html()


def test_pressing_preview_again_on_unchanged_inputs_costs_nothing(
    page_env: None, resume_a: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESUME_CUSTOMIZER_RATELIMIT_PREVIEW", "1 per minute")
    app = _page()
    preview = f"preview-{rkey(resume_a)}"
    app.upload(("a.docx", resume_a)).type("stack", resume_a, STACK_A)
    for _ in range(3):
        app.click(preview)
        app.assert_clean()
        assert not app.texts("warning")
        assert "Built streaming pipelines for claims events." in app.html()
    app.type("stack", resume_a, STACK_B).click(preview)  # new inputs: real work, over the limit
    assert app.texts("warning")[0].startswith("Too many previews")


def test_a_dry_run_that_wrote_nothing_does_not_say_messages_were_written(
    app: Page, resume_a: bytes, smtp_server: MailServer
) -> None:
    app.upload(("a.docx", resume_a)).type("stack", resume_a, STACK_A).smtp(smtp_server)  # no recipient
    app.click("bulk-start")
    app.assert_clean()
    assert [r["Status"] for r in app.table_with("Resume")] == ["failed"]
    assert any("no recipient entered" in c for c in app.texts("caption"))  # the reason, under the table
    assert not any("written as .eml" in c or "were written" in c for c in app.texts("caption"))
    assert not app.at.download_button


def test_a_dry_run_offers_its_messages_as_one_zip_dated_when_they_were_written(
    app: Page, resume_a: bytes, resume_b: bytes, smtp_server: MailServer, data_dir: Path
) -> None:
    app.upload(("Jane Doe.docx", resume_a), ("John Roe.docx", resume_b))
    app.type("stack", resume_a, STACK_A).type("to", resume_a, "jane.client@example.com")
    app.open_tab("John Roe.docx").type("stack", resume_b, STACK_B).type(
        "to", resume_b, "john.client@example.com"
    )
    app.smtp(smtp_server).click("bulk-start")
    app.assert_clean()
    button = app.at.download_button(key="bulk-dry-run-zip")
    assert button.label == "Download the 2 message(s) (ZIP)" and button.proto.ignore_rerun
    assert any(c.startswith("2 message(s) written as .eml files to ") for c in app.texts("caption"))

    from resume_customizer.ui.bulk import written_files
    from resume_customizer.ui.downloads import zip_of_files

    summary = app.at.session_state["rc_bulk_run"].summary
    paths = written_files(summary)
    assert [p.parent.parent for p in paths] == [data_dir / "dry-run"] * 2
    with zipfile.ZipFile(io.BytesIO(zip_of_files(paths))) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == [p.name for p in paths]
        for info, path in zip(infos, paths, strict=True):
            assert archive.read(info) == path.read_bytes()
            written = datetime.fromtimestamp(path.stat().st_mtime)
            assert abs(datetime(*info.date_time) - written) <= timedelta(seconds=2)  # not 1980 or 2020
        first = message_from_bytes(archive.read(infos[0]), policy=policy.default)
        assert first["To"] == "jane.client@example.com"
