"""The page, flow by flow, under Streamlit's AppTest: the real app.py over the real core.

Upload, parse errors, preview, generate, send one, bulk dry run, bulk send against a local
aiosmtpd, rate-limit refusal, logs. Download bytes are not reachable from AppTest: the ZIP the
page built is read from the session's state and opened with python-docx.
"""

from __future__ import annotations

import io
import re
import zipfile
from email import message_from_bytes, policy
from pathlib import Path

import docx
import pytest
from streamlit.testing.v1 import AppTest

from resume_customizer.observe.logs import records
from resume_customizer.ui.text import md_escape
from tests.mail.smtp_server import MailServer

from .conftest import ROOT, SENDER, STACK_A, STACK_B, Page, no_projects_docx, rkey


def _bullets(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def _attachment(message: object) -> bytes:
    part = next(message.iter_attachments())  # type: ignore[attr-defined]
    return bytes(part.get_content())


# --- upload ------------------------------------------------------------------------------


def test_each_upload_shows_its_guard_status_in_plain_words_and_two_same_names_get_two_tabs(
    app: Page, resume_a: bytes, resume_b: bytes
) -> None:
    app.upload(
        ("Jane Doe.docx", resume_a),
        ("Jane Doe.docx", resume_b),
        ("notes.docx", b"just some text, not a Word file"),
        ("letter.docx", no_projects_docx()),
    )
    app.assert_clean()
    assert "**2 ready, 1 refused, 1 with nothing to tailor**" in app.texts("markdown")
    status = {row["File"]: row["Status"] for row in app.table(0)}
    assert status == {
        "Jane Doe.docx": "Ready — 4 projects with bullet points found",
        "Jane Doe (2).docx": "Ready — 3 projects with bullet points found",
    }
    assert app.texts("error") == [
        "Refused — "
        + md_escape(
            "'notes.docx' is a plain text file, not a Word .docx. "
            "Save the resume in Word as a Word Document (.docx) and upload that."
        )
    ]
    [empty] = app.texts("warning")
    assert empty.startswith("Opened, but nothing to tailor — " + md_escape("letter.docx: No projects"))
    # one tab per resume that can be tailored, each with its own inputs
    assert [t.label for t in app.at.tabs] == ["Jane Doe\\.docx", "Jane Doe \\(2\\)\\.docx"]
    assert app.at.text_area(key=f"stack-{rkey(resume_a)}") is not None
    app.open_tab("Jane Doe (2).docx")
    assert app.at.text_area(key=f"stack-{rkey(resume_b)}") is not None


def test_the_same_file_uploaded_twice_is_shown_once(app: Page, resume_a: bytes) -> None:
    app.upload(("a.docx", resume_a), ("copy of a.docx", resume_a))
    rows = app.table(0)
    assert rows[1]["Status"] == "Same file as a.docx — shown once"
    assert len(app.at.tabs) == 1


def test_inputs_survive_switching_to_another_resume_and_back(
    app: Page, resume_a: bytes, resume_b: bytes
) -> None:
    app.upload(("a.docx", resume_a), ("b.docx", resume_b))
    app.type("stack", resume_a, STACK_A).type("to", resume_a, "client@example.com")
    app.open_tab("b.docx")
    with pytest.raises(KeyError):  # a's widgets are not drawn while its tab is closed
        app.at.text_area(key=f"stack-{rkey(resume_a)}")
    app.open_tab("a.docx")
    assert app.at.text_area(key=f"stack-{rkey(resume_a)}").value == STACK_A
    assert app.at.text_input(key=f"to-{rkey(resume_a)}").value == "client@example.com"


# --- parse errors ------------------------------------------------------------------------


def test_a_stack_without_points_a_bad_address_and_an_unknown_placeholder_are_said_under_their_fields(
    app: Page, resume_a: bytes
) -> None:
    app.upload(("a.docx", resume_a))
    app.type("stack", resume_a, "Kafka\n\nAWS")
    app.type("to", resume_a, "client@example.com, not-an-address")
    app.type("subject", resume_a, "Resume of {candidate}")
    app.assert_clean()
    errors = app.texts("error")
    assert any(e.startswith("The tech stack has no bullet points") for e in errors)
    assert any("not\\-an\\-address" in e and "is not a valid email address" in e for e in errors)
    assert any("unknown placeholder\\(s\\) candidate" in e for e in errors)
    assert app.at.button(key=f"preview-{rkey(resume_a)}").disabled is False  # text is there; Preview says why
    app.click(f"preview-{rkey(resume_a)}")
    app.assert_clean()
    assert not app.html()


def test_a_parsed_stack_is_summed_up_and_good_addresses_are_confirmed(app: Page, resume_a: bytes) -> None:
    app.upload(("Jane Doe.docx", resume_a))
    app.type("stack", resume_a, STACK_A + "\n" + STACK_B).type("to", resume_a, "Client <Client@Example.com>")
    captions = app.texts("caption")
    assert "✓ Read 2 tech(s) and 4 point(s): Kafka (2), Terraform (2)" in captions
    assert "✓ 1 recipient(s): Client@example\\.com" in captions
    assert "Subject will read: Resume\\: Jordan Example" in captions  # {name}: the resume's, not the file's


# --- preview -----------------------------------------------------------------------------


def test_preview_shows_each_point_with_its_tech_the_highlighted_resume_and_coverage(
    app: Page, resume_a: bytes
) -> None:
    app.upload(("Jane Doe.docx", resume_a)).type("stack", resume_a, STACK_A + "\n" + STACK_B)
    app.type("job", resume_a, "We need Kafka, Terraform and Snowflake experience.")
    app.click(f"preview-{rkey(resume_a)}")
    app.assert_clean()
    plan = app.table_with("Point")
    first, second, third = (
        f"Client: Client{i} Corp, Dallas, TX Mar 201{i} – Dec 201{i + 1}" for i in range(3)
    )
    assert [(r["Project"], r["#"], r["Tech"], r["Point"]) for r in plan] == [  # per project, in order
        (first, 1, "Kafka", "Built streaming pipelines for claims events."),
        (first, 2, "Terraform", "Automated drift checks in CI."),
        (second, 1, "Kafka", "Tuned consumer lag alerts on the claims topics."),
        (third, 1, "Terraform", "Wrote Terraform modules for the data platform."),
    ]
    html = app.html()
    for point in ("Built streaming pipelines for claims events.", "Automated drift checks in CI."):
        assert f'<mark class="rc-inserted">{point}</mark>' in html
    assert "<script" not in html
    metrics = {m.label: m.value for m in app.at.metric}
    assert metrics["Before tailoring"] == "33.3% (1 of 3)"  # Kafka is in the Environment lines already
    assert metrics["After tailoring"] == "66.7% (2 of 3)"  # Terraform now; Snowflake still missing
    assert "Still missing: Snowflake" in app.texts("caption")
    assert app.at.get("download_button")[0].label == "Download Jane_Doe_tailored.docx"


def test_the_preview_says_in_plain_words_when_there_are_fewer_projects_than_asked(
    app: Page, resume_b: bytes
) -> None:
    app.upload(("b.docx", resume_b)).type("stack", resume_b, STACK_A)
    app.at.number_input(key=f"projects-{rkey(resume_b)}").set_value(5).run()
    app.click(f"preview-{rkey(resume_b)}")
    app.assert_clean()
    assert any(
        w.startswith("Only 3 project\\(s\\) with bullet points were found") for w in app.texts("warning")
    )


def test_enrichment_is_off_by_default_and_when_on_the_preview_lists_and_highlights_the_added_names(
    app: Page, resume_a: bytes
) -> None:
    app.upload(("a.docx", resume_a)).type("stack", resume_a, STACK_B)
    assert app.at.toggle(key=f"enrich-{rkey(resume_a)}").value is False
    app.click(f"preview-{rkey(resume_a)}")
    assert "Tech names added (enrichment)" not in "".join(app.texts("markdown"))
    app.at.toggle(key=f"enrich-{rkey(resume_a)}").set_value(True).run()
    assert "The inputs changed since the last preview" in "".join(app.texts("caption"))
    app.click(f"preview-{rkey(resume_a)}")
    app.assert_clean()
    assert "**Tech names added (enrichment)**" in app.texts("markdown")
    added = app.table_with("Added")
    assert added and all(r["Added"] == "Terraform" for r in added)
    assert '<mark class="rc-inserted">, Terraform</mark>' in app.html()


def test_an_unexpected_error_shows_a_short_message_and_logs_the_traceback(
    app: Page, resume_a: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("engine bug with secret detail")

    monkeypatch.setattr("resume_customizer.ui.services.tailor", broken)
    app.upload(("a.docx", resume_a)).type("stack", resume_a, STACK_A)
    app.click(f"preview-{rkey(resume_a)}")
    app.assert_clean()
    errors = app.texts("error")
    assert len(errors) == 1 and errors[0].startswith(
        "Something went wrong on our side while previewing a\\.docx"
    )
    assert "secret detail" not in errors[0]
    logged = [r for r in records("ERROR") if "previewing a.docx" in r.message]
    assert logged and "RuntimeError: engine bug with secret detail" in (logged[-1].exc_text or "")


# --- generate ----------------------------------------------------------------------------


def test_generate_all_offers_each_tailored_file_and_one_zip_that_holds_them(
    app: Page, resume_a: bytes, resume_b: bytes
) -> None:
    app.upload(("Jane Doe.docx", resume_a), ("John Roe.docx", resume_b))
    app.type("stack", resume_a, STACK_A)
    app.open_tab("John Roe.docx").type("stack", resume_b, STACK_B)
    app.click("generate")
    app.assert_clean()
    labels = [b.label for b in app.at.get("download_button")]
    assert "Jane_Doe_tailored.docx" in labels and "John_Roe_tailored.docx" in labels
    assert "Download all (2 resumes, ZIP)" in labels
    built = app.at.session_state["rc_zip"]["data"]  # the bytes the Download all button serves
    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        assert archive.namelist() == ["Jane_Doe_tailored.docx", "John_Roe_tailored.docx"]
        a, b = archive.read("Jane_Doe_tailored.docx"), archive.read("John_Roe_tailored.docx")
    assert "Built streaming pipelines for claims events." in _bullets(a)
    assert "Wrote Terraform modules for the data platform." in _bullets(b)
    assert "Wrote Terraform modules for the data platform." not in _bullets(a)


# --- send one ----------------------------------------------------------------------------


def test_send_this_one_delivers_once_and_a_second_click_says_already_sent(
    app: Page, resume_a: bytes, smtp_server: MailServer
) -> None:
    app.upload(("Jane Doe.docx", resume_a)).type("stack", resume_a, STACK_A)
    app.type("to", resume_a, "client@example.com")
    send = f"send-{rkey(resume_a)}"
    assert app.at.button(key=send).disabled  # no email settings yet
    app.smtp(smtp_server)
    assert not app.at.button(key=send).disabled
    app.click(send)
    app.assert_clean()
    assert app.texts("success") == ["Sent to client@example\\.com\\."]
    assert smtp_server.count_for("client@example.com") == 1
    message = smtp_server.received[0].message
    assert message["Subject"] == "Resume: Jordan Example" and message["From"] == SENDER
    assert "Built streaming pipelines for claims events." in _bullets(_attachment(message))
    app.click(send)
    app.assert_clean()
    info = app.texts("info")
    assert len(info) == 1 and info[0].startswith("Not sent again: already sent on ")
    assert smtp_server.count_for("client@example.com") == 1
    # a fresh browser session sees the outbox's word before pressing anything
    other = Page(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)).run()
    other.upload(("Jane Doe.docx", resume_a)).type("stack", resume_a, STACK_A)
    other.type("to", resume_a, "client@example.com").click(f"preview-{rkey(resume_a)}")
    assert any(i.startswith("This resume was already sent on ") for i in other.texts("info"))


def test_a_server_refusing_the_recipient_is_reported_with_its_words(
    app: Page, resume_a: bytes, smtp_server: MailServer
) -> None:
    smtp_server.fault(lambda stage, address, n: "550 5.1.1 mailbox unavailable" if stage == "RCPT" else None)
    app.upload(("a.docx", resume_a)).type("stack", resume_a, STACK_A).type("to", resume_a, "gone@example.com")
    app.smtp(smtp_server).click(f"send-{rkey(resume_a)}")
    app.assert_clean()
    errors = app.texts("error")
    assert (
        len(errors) == 1
        and errors[0].startswith("failed\\: ")
        and "550 5\\.1\\.1 mailbox unavailable" in errors[0]
    )
    assert smtp_server.received == []


def test_test_connection_says_what_answered_and_the_breaker_is_shown(
    app: Page, smtp_server: MailServer
) -> None:
    app.smtp(smtp_server).click("smtp-test")
    app.assert_clean()
    success = app.texts("success")
    assert len(success) == 1 and f"127\\.0\\.0\\.1\\:{smtp_server.port} answered \\(plain\\)" in success[0]
    assert any(c.startswith("Circuit breaker: closed") for c in app.texts("caption"))


def test_choosing_a_preset_fills_the_server_port_and_security(app: Page) -> None:
    app.at.selectbox(key="smtp-preset").set_value("yahoo").run()
    assert app.at.text_input(key="smtp-host").value == "smtp.mail.yahoo.com"
    assert app.at.number_input(key="smtp-port").value == 465
    assert app.at.selectbox(key="smtp-security").value == "ssl"


def test_a_typed_password_never_reaches_the_log(app: Page) -> None:
    app.at.text_input(key="smtp-password").input("hunter2-app-password").run()
    import logging

    logging.getLogger("resume_customizer.test").warning("login with hunter2-app-password failed")
    lines = [r.message for r in records("WARNING") if "login with" in r.message]
    assert lines == ["login with *** failed"]


# --- bulk --------------------------------------------------------------------------------


def _two_ready(app: Page, a: bytes, b: bytes) -> Page:
    app.upload(("Jane Doe.docx", a), ("John Roe.docx", b))
    app.type("stack", a, STACK_A).type("to", a, "jane.client@example.com")
    app.open_tab("John Roe.docx").type("stack", b, STACK_B).type("to", b, "john.client@example.com")
    return app


def test_bulk_is_a_dry_run_by_default_that_writes_each_message_and_sends_nothing(
    app: Page, resume_a: bytes, resume_b: bytes, smtp_server: MailServer, data_dir: Path
) -> None:
    _two_ready(app, resume_a, resume_b).smtp(smtp_server)
    assert app.at.toggle(key="bulk-dry-run").value is True
    assert app.at.button(key="bulk-start").label == "Dry-run 2 resumes"
    app.click("bulk-start")
    app.assert_clean()
    rows = app.table_with("Resume")
    assert [(r["Resume"], r["Status"]) for r in rows] == [
        ("Jane Doe.docx", "written"),
        ("John Roe.docx", "written"),
    ]
    assert any(s.startswith("Dry run\\: 2 message\\(s\\) written, none sent") for s in app.texts("success"))
    written = sorted((data_dir / "dry-run").glob("*/*.eml"))
    assert len(written) == 2
    message = message_from_bytes(written[0].read_bytes(), policy=policy.default)
    assert message["To"] == "jane.client@example.com"
    assert "Built streaming pipelines for claims events." in _bullets(_attachment(message))
    assert smtp_server.received == []


def test_bulk_send_delivers_each_resume_once_and_a_second_run_reports_them_already_sent(
    app: Page, resume_a: bytes, resume_b: bytes, smtp_server: MailServer
) -> None:
    _two_ready(app, resume_a, resume_b).smtp(smtp_server)
    app.at.toggle(key="bulk-dry-run").set_value(False).run()
    assert app.at.button(key="bulk-start").label == "Send 2 resumes"
    app.click("bulk-start")
    app.assert_clean()
    assert [r["Status"] for r in app.table_with("Resume")] == ["sent", "sent"]
    assert any(s.startswith("2 sent — 2 resume\\(s\\) in") for s in app.texts("success"))
    assert smtp_server.count_for("jane.client@example.com") == 1
    assert smtp_server.count_for("john.client@example.com") == 1
    jane = next(r for r in smtp_server.received if "jane.client@example.com" in r.rcpt_tos)
    assert "Built streaming pipelines for claims events." in _bullets(_attachment(jane.message))
    app.click("bulk-start")
    app.assert_clean()
    assert [r["Status"] for r in app.table_with("Resume")] == ["already sent", "already sent"]
    reasons = "\n".join(app.texts("caption"))  # when, under the table
    assert reasons.count("already sent on ") == 2 and "Jane Doe\\.docx\\: already sent on " in reasons
    assert any(s.startswith("0 sent, 2 already sent") for s in app.texts("success"))
    assert len(smtp_server.received) == 2


def test_bulk_reports_a_resume_without_recipient_as_failed_and_still_sends_the_others(
    app: Page, resume_a: bytes, resume_b: bytes, smtp_server: MailServer
) -> None:
    _two_ready(app, resume_a, resume_b).smtp(smtp_server)
    app.type("to", resume_b, "")
    app.at.toggle(key="bulk-dry-run").set_value(False).run()
    app.click("bulk-start")
    assert [r["Status"] for r in app.table_with("Resume")] == ["sent", "failed"]
    assert md_escape("John Roe.docx: no recipient entered") in app.texts("caption")
    assert any(w.startswith("1 sent, 1 failed") for w in app.texts("warning"))
    assert len(smtp_server.received) == 1


def test_a_bulk_run_without_a_sender_is_refused_at_once_and_costs_no_allowance(
    app: Page, resume_a: bytes, resume_b: bytes
) -> None:
    _two_ready(app, resume_a, resume_b)
    app.click("bulk-start")
    app.assert_clean()
    errors = app.texts("error")
    assert len(errors) == 1 and errors[0].startswith("Enter the sender address")
    allowance = {r["Action"]: r["Left"] for r in app.open_panel("metrics-open").table_with("Action")}
    assert allowance["bulk runs"] == 5


# --- rate limits, logs, metrics ----------------------------------------------------------


def test_a_rate_limit_refusal_says_when_to_try_again(
    page_env: None, resume_a: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESUME_CUSTOMIZER_RATELIMIT_PREVIEW", "1 per minute")
    app = Page(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)).run()
    app.upload(("a.docx", resume_a)).type("stack", resume_a, STACK_A)
    app.click(f"preview-{rkey(resume_a)}")
    assert not app.texts("warning")
    app.type("stack", resume_a, STACK_B).click(f"preview-{rkey(resume_a)}")
    app.assert_clean()
    warnings = app.texts("warning")
    assert len(warnings) == 1 and warnings[0].startswith("Too many previews\\: try again in ")
    assert "then press the button again" in warnings[0]
    # nothing tailored, and the refusal is the word on it (not "the inputs changed")
    assert "The inputs changed since the last preview" not in "".join(app.texts("caption"))
    assert not app.html()


def test_the_logs_panel_shows_this_sessions_records_filtered_by_level_and_text(
    app: Page, resume_a: bytes, resume_b: bytes
) -> None:
    app.upload(("Jane Doe.docx", resume_a), ("notes.docx", b"not a resume"))
    app.type("stack", resume_a, STACK_A).click(f"preview-{rkey(resume_a)}").open_panel("logs-open")
    shown = app.at.code[-1].value
    assert "tailored Jane Doe.docx: 2 point(s) into 3 project(s)" in shown
    app.at.text_input(key="log-search").input("jane doe").run()
    filtered = app.at.code[-1].value
    assert filtered and all("Jane Doe.docx" in line for line in filtered.splitlines())
    app.at.selectbox(key="log-level").set_value("ERROR").run()
    assert "Nothing matches." in app.texts("caption")
    # another session's work never shows in this session's panel
    other = Page(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)).run()
    other.upload(("John Roe.docx", resume_b)).type("stack", resume_b, STACK_B).click(
        f"preview-{rkey(resume_b)}"
    )
    app.at.selectbox(key="log-level").set_value("DEBUG").run()
    app.at.text_input(key="log-search").input("").run()
    assert "John Roe" not in app.at.code[-1].value


def test_the_metrics_panel_shows_operations_and_the_allowance_left(app: Page, resume_a: bytes) -> None:
    app.upload(("a.docx", resume_a)).type("stack", resume_a, STACK_A).click(f"preview-{rkey(resume_a)}")
    app.open_panel("metrics-open").assert_clean()
    tables = [app.table(i) for i in range(len(app.at.dataframe))]
    operations = next(t for t in tables if t and "Operation" in t[0])
    tailor = next(r for r in operations if r["Operation"] == "tailor")
    # the registry is the process's: other tests' tailorings (failed ones too) count as well
    assert int(tailor["Runs"]) >= 1 and re.fullmatch(r"\d+/\d+", str(tailor["p50/p95"]))  # type: ignore[call-overload]
    allowance = {r["Action"]: r["Left"] for r in next(t for t in tables if t and "Action" in t[0])}
    assert allowance["previews"] == 9 and allowance["emails sent"] == 30
    assert {m.label for m in app.at.metric} >= {"Sent", "Failed", "Retried"}


def test_an_invalid_setting_stops_the_page_with_its_message(
    page_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESUME_CUSTOMIZER_SMTP_PORT", "99999")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Invalid setting\\: smtp\\.port must be between 1 and 65535\\."]
    assert not at.get("file_uploader")
