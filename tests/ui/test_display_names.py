"""UTF-8 display names on the page (issue 12, item 14): the sidebar's sender and a resume's
recipients written as Outlook and Gmail copy them arrive with their names in From and To,
through a real aiosmtpd server, from Send this one and from Send all."""

from __future__ import annotations

from tests.mail.smtp_server import MailServer

from .conftest import STACK_A, STACK_B, Page, rkey

JOSE = "José Pérez <jose@example.com>"


def _names(server: MailServer, address: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(From, To) of the message that went to ``address``, as (display name, address) pairs."""
    [got] = [r for r in server.received if address in r.rcpt_tos]
    senders = [(a.display_name, a.addr_spec) for a in got.message["From"].addresses]
    return senders, [(a.display_name, a.addr_spec) for a in got.message["To"].addresses]


def test_send_this_one_keeps_the_utf_8_names_of_sender_and_recipients(
    app: Page, resume_a: bytes, smtp_server: MailServer
) -> None:
    app.upload(("Jane Doe.docx", resume_a)).type("stack", resume_a, STACK_A)
    app.type("to", resume_a, 'Zoë Åberg <zoe@example.com>, "Doe, Jane" <jane@example.com>')
    app.smtp(smtp_server, sender=JOSE).click(f"send-{rkey(resume_a)}")
    app.assert_clean()
    assert app.texts("success") == ["Sent to zoe@example\\.com, jane@example\\.com\\."]
    assert _names(smtp_server, "zoe@example.com") == (
        [("José Pérez", "jose@example.com")],
        [("Zoë Åberg", "zoe@example.com"), ("Doe, Jane", "jane@example.com")],
    )
    assert smtp_server.received[0].mail_from == "jose@example.com"


def test_send_all_keeps_the_utf_8_names_too(
    app: Page, resume_a: bytes, resume_b: bytes, smtp_server: MailServer
) -> None:
    app.upload(("Jane Doe.docx", resume_a), ("John Roe.docx", resume_b))
    app.type("stack", resume_a, STACK_A).type("to", resume_a, "Zoë Åberg <zoe@example.com>")
    app.open_tab("John Roe.docx").type("stack", resume_b, STACK_B).type(
        "to", resume_b, "Ólafur <olafur@example.is>"
    )
    app.smtp(smtp_server, sender=JOSE)
    app.at.toggle(key="bulk-dry-run").set_value(False).run()
    app.click("bulk-start")
    app.assert_clean()
    assert [r["Status"] for r in app.table_with("Resume")] == ["sent", "sent"]
    assert _names(smtp_server, "zoe@example.com") == (
        [("José Pérez", "jose@example.com")],
        [("Zoë Åberg", "zoe@example.com")],
    )
    assert _names(smtp_server, "olafur@example.is")[1] == [("Ólafur", "olafur@example.is")]
