"""The saved workspace on the page: a reload restores uploads and inputs, never the password."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.conftest import ROOT, STACK_A, Page, rkey

PASSWORD = "app-password-never-stored"


def _reload(wid: str | None) -> Page:
    """A new browser session opening the page's address (a reload, or the bookmark)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if wid is not None:
        at.query_params["ws"] = wid
    page = Page(at).run()
    page.assert_clean()
    return page


def _tabs(page: Page) -> list[str]:
    return [t.label.replace("\\", "") for t in page.at.tabs]


def _wid(page: Page) -> str:
    wid = page.at.query_params["ws"]
    return wid[0] if isinstance(wid, list) else wid


def test_a_reload_restores_the_uploads_the_inputs_and_the_mail_settings_but_not_the_password(
    app: Page, resume_a: bytes, resume_b: bytes, data_dir: Path
) -> None:
    app.upload(("Jane Doe.docx", resume_a), ("John Roe.docx", resume_b))
    app.type("stack", resume_a, STACK_A).type("to", resume_a, "client@example.com")
    app.at.text_input(key="smtp-host").input("smtp.example.com")
    app.at.text_input(key="smtp-password").input(PASSWORD)
    app.run().assert_clean()
    wid = _wid(app)
    assert len(wid) == 32

    again = _reload(wid)
    ss = again.at.session_state
    assert ss[f"stack-{rkey(resume_a)}"] == STACK_A
    assert ss[f"to-{rkey(resume_a)}"] == "client@example.com"
    assert ss["smtp-host"] == "smtp.example.com"
    assert ss["smtp-password"] == ""
    assert _tabs(again) == ["Jane Doe.docx", "John Roe.docx"]
    assert any("Restored your workspace: 2 resume(s)" in t for t in again.texts("info"))
    assert _wid(again) == wid
    saved = [p for p in (data_dir / "workspaces").rglob("*") if p.is_file()]
    assert len(saved) == 3  # state.json and the two files
    assert not any(PASSWORD.encode() in p.read_bytes() for p in saved)


def test_a_file_removed_and_added_back_finds_its_inputs(app: Page, resume_a: bytes, resume_b: bytes) -> None:
    app.upload(("Jane Doe.docx", resume_a), ("John Roe.docx", resume_b))
    app.type("stack", resume_a, STACK_A)
    app.upload(("John Roe.docx", resume_b))  # Jane removed from the upload box
    assert _tabs(app) == ["John Roe.docx"]
    app.upload(("John Roe.docx", resume_b), ("Jane Doe.docx", resume_a))
    assert app.at.session_state[f"stack-{rkey(resume_a)}"] == STACK_A


def test_a_restored_file_can_be_removed_and_stays_removed(
    app: Page, resume_a: bytes, resume_b: bytes
) -> None:
    app.upload(("Jane Doe.docx", resume_a), ("John Roe.docx", resume_b)).run()
    wid = _wid(app)
    again = _reload(wid)
    again.at.multiselect(key="ws-restored").unselect(_key_of(resume_a)).run()
    again.assert_clean()
    assert _tabs(again) == ["John Roe.docx"]
    third = _reload(wid)
    assert _tabs(third) == ["John Roe.docx"]


def _key_of(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_clear_workspace_forgets_the_files_and_inputs_at_once_but_keeps_the_mail_server(
    app: Page, resume_a: bytes, data_dir: Path
) -> None:
    app.upload(("Jane Doe.docx", resume_a)).type("stack", resume_a, STACK_A)
    app.at.text_input(key="smtp-host").input("smtp.example.com")
    app.run()
    wid = _wid(app)
    assert (data_dir / "workspaces" / wid).is_dir()
    app.click("ws-clear").assert_clean()
    assert not (data_dir / "workspaces" / wid).exists()
    assert not app.at.tabs
    assert f"stack-{rkey(resume_a)}" not in app.at.session_state
    assert app.at.session_state["smtp-host"] == "smtp.example.com"
    assert _wid(app) != wid
    assert any("Workspace cleared" in t for t in app.texts("info"))
    assert not _reload(wid).at.tabs  # the old address holds nothing any more


def test_an_unknown_or_expired_address_starts_a_new_workspace_and_says_so(app: Page) -> None:
    forged = "A" * 32
    page = _reload(forged)
    assert _wid(page) != forged  # an id the server does not hold is never adopted
    assert any("expired or was cleared" in t for t in page.texts("info"))


def test_workspaces_turned_off_write_nothing(
    page_env: None, monkeypatch: pytest.MonkeyPatch, resume_a: bytes, data_dir: Path
) -> None:
    monkeypatch.setenv("RESUME_CUSTOMIZER_WORKSPACE_ENABLED", "false")
    page = _reload(None)
    page.upload(("Jane Doe.docx", resume_a)).type("stack", resume_a, STACK_A)
    assert "ws" not in page.at.query_params
    assert not (data_dir / "workspaces").exists()
