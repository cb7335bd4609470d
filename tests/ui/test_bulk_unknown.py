"""Send all: a message whose outcome is unknown offers "It arrived" / "Send it again" on the page."""

from __future__ import annotations

from pathlib import Path

from resume_customizer.mail.outbox import Outbox
from resume_customizer.observe.logs import records
from tests.mail.smtp_server import MailServer

from .conftest import STACK_A, STACK_B, Page


def _two_ready(app: Page, a: bytes, b: bytes) -> Page:
    app.upload(("Jane Doe.docx", a), ("John Roe.docx", b))
    app.type("stack", a, STACK_A).type("to", a, "jane.client@example.com")
    app.open_tab("John Roe.docx").type("stack", b, STACK_B).type("to", b, "john.client@example.com")
    return app


def test_each_unknown_message_of_a_send_all_can_be_marked_arrived_or_sent_again(
    app: Page, resume_a: bytes, resume_b: bytes, smtp_server: MailServer, data_dir: Path
) -> None:
    # The connection breaks at the end of both messages' data: the server kept Jane's (and
    # its reply was lost), not John's. To us both outcomes are unknown. Before, the page said
    # so and offered nothing to do about it.
    smtp_server.fault(
        lambda stage, address, n: (
            ("accept-drop" if address.startswith("jane") else "drop") if stage == "DATA" and n == 1 else None
        )
    )
    _two_ready(app, resume_a, resume_b).smtp(smtp_server)
    app.at.toggle(key="bulk-dry-run").set_value(False).run()
    app.click("bulk-start")
    app.assert_clean()
    assert [r["Status"] for r in app.table_with("Resume")] == ["unknown", "unknown"]
    assert app.at.button(key="bulk-arrived-0").label == "It arrived"
    assert app.at.button(key="bulk-resend-1").label == "Send it again"
    assert [got.rcpt_tos for got in smtp_server.received] == [("jane.client@example.com",)]

    app.click("bulk-arrived-0")  # Jane's arrived
    app.assert_clean()
    app.click("bulk-resend-1")  # John's did not: send it again
    app.assert_clean()
    assert [r["Status"] for r in app.table_with("Resume")] == ["sent", "pending"]
    reasons = "\n".join(app.texts("caption"))
    assert "you said it arrived" in reasons
    assert "not sent\\: it goes out again with the next Send all" in reasons
    assert not [b for b in app.at.button if str(b.key).startswith(("bulk-arrived", "bulk-resend"))]
    outbox = Outbox(data_dir / "outbox.sqlite3")
    states = {job.recipients[0]: job.state for job in outbox.jobs()}
    assert states == {"jane.client@example.com": "sent", "john.client@example.com": "pending"}
    said = [r.message for r in records("INFO") if r.operation == "outbox.resolve"]
    assert len(said) == 2 and "it arrived (sent)" in said[0] and "send it again (pending)" in said[1]

    # The next Send all sends John's again (only his), and reports Jane's as already sent.
    app.click("bulk-start")
    app.assert_clean()
    assert [r["Status"] for r in app.table_with("Resume")] == ["already sent", "sent"]
    assert smtp_server.count_for("john.client@example.com") == 1
    assert smtp_server.count_for("jane.client@example.com") == 1
