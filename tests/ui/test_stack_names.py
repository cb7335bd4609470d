"""A stack of bare tech names is names, not points: every path of the page refuses it."""

from __future__ import annotations

from pathlib import Path

from tests.mail.smtp_server import MailServer

from .conftest import Page, rkey

NAMES = "Java\nSpring Boot\nKafka\nAWS"
SAID = "The tech stack lists only tech names \\(Java, Spring Boot, Kafka, AWS\\), no points"


def test_a_stack_of_tech_names_is_refused_by_preview_generate_and_send_all_with_the_example(
    app: Page, resume_a: bytes, smtp_server: MailServer, data_dir: Path
) -> None:
    app.upload(("a.docx", resume_a)).type("stack", resume_a, NAMES).type("to", resume_a, "client@example.com")
    app.assert_clean()
    [error] = app.texts("error")  # under the field, before any press
    assert error.startswith(SAID) and "for example" in error
    assert not any(c.startswith("✓ Read") for c in app.texts("caption"))

    app.click(f"preview-{rkey(resume_a)}")
    app.assert_clean()
    assert [e for e in app.texts("error") if e.startswith(SAID)] == [error, error]
    assert not app.html()

    app.click("generate")
    app.assert_clean()
    assert [e for e in app.texts("error") if e.startswith(SAID)] == [error, error]
    assert not app.at.download_button  # nothing tailored: no file, no ZIP

    app.smtp(smtp_server).click("bulk-start")
    app.assert_clean()
    [row] = app.table_with("Resume")
    assert row["Status"] == "failed"
    assert any("The tech stack lists only tech names" in c for c in app.texts("caption"))
    assert not list((data_dir / "dry-run").glob("*/*.eml"))
    assert smtp_server.received == []
