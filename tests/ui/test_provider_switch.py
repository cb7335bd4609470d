"""The Provider select in the sidebar: going back to Custom must not keep a provider's server."""

from __future__ import annotations

from .conftest import Page


def _server(app: Page) -> tuple[str, int, str]:
    return (
        app.at.text_input(key="smtp-host").value,
        app.at.number_input(key="smtp-port").value,
        app.at.selectbox(key="smtp-security").value,
    )


def test_switching_from_gmail_back_to_custom_empties_gmail_s_server(app: Page) -> None:
    app.at.selectbox(key="smtp-preset").set_value("gmail").run()
    assert _server(app) == ("smtp.gmail.com", 587, "starttls")
    app.at.selectbox(key="smtp-preset").set_value("yahoo").run()
    app.at.selectbox(key="smtp-preset").set_value("custom").run()
    app.assert_clean()
    assert _server(app) == ("", 587, "starttls")


def test_a_server_the_user_typed_stays_when_switching_to_custom(app: Page) -> None:
    app.at.selectbox(key="smtp-preset").set_value("office365").run()
    app.at.text_input(key="smtp-host").input("mail.acme.example").run()
    app.at.number_input(key="smtp-port").set_value(2525).run()
    app.at.selectbox(key="smtp-preset").set_value("custom").run()
    app.assert_clean()
    assert _server(app) == ("mail.acme.example", 2525, "starttls")
