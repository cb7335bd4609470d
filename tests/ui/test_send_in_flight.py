"""Send this one: a press while an earlier send of the same message is still retrying says it is
still being sent (not "unknown … check the recipient's inbox") and the button waits meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from resume_customizer.mail.outbox import Outbox
from tests.mail.smtp_server import MailServer

from .conftest import ROOT, STACK_A, Page, rkey


def test_a_message_still_being_sent_says_so_and_its_send_button_waits(
    page_env: None, resume_a: bytes, smtp_server: MailServer, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESUME_CUSTOMIZER_RETRY_ATTEMPTS", "1")
    smtp_server.fault(lambda stage, address, n: "421 4.3.2 try later" if stage == "RCPT" and n == 1 else None)
    app = Page(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)).run()
    send = f"send-{rkey(resume_a)}"
    app.upload(("a.docx", resume_a)).type("stack", resume_a, STACK_A).type(
        "to", resume_a, "client@example.com"
    )
    app.smtp(smtp_server).click(send)  # the first press fails for now (421): the job can be sent again
    [error] = app.texts("error")
    assert error.startswith("failed\\: ")

    # Another press of this message (an earlier one, still retrying) holds it now.
    outbox = Outbox(data_dir / "outbox.sqlite3")
    [job] = outbox.jobs()
    claimed, _ = outbox.claim(job.key)
    assert claimed
    app.click(send)  # pressed on the button drawn before that
    app.assert_clean()
    assert not app.texts("error") and not app.texts("warning")
    [info] = app.texts("info")
    assert info.startswith("Still being sent to client@example\\.com")
    assert "check the recipient" not in info
    assert app.at.button(key=send).disabled
    assert smtp_server.received == []

    outbox.mark_sent(job.key, attempts=1)  # the earlier press got it through
    app.run()
    app.assert_clean()
    assert not app.at.button(key=send).disabled
    assert not app.texts("error")  # the first press's "failed" is not what is true now
    [info] = app.texts("info")
    assert info.startswith("This resume was already sent on ")
