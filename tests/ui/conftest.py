"""Fixtures for the page tests: the real app.py under Streamlit's AppTest, real resumes, real SMTP."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from resume_customizer.mail.sender import reset_breakers
from resume_customizer.observe.logs import shutdown_logging
from resume_customizer.observe.metrics import get_registry
from resume_customizer.ui.text import md_escape
from tests.docx_factory import DOCX_MIME, build_docx, para
from tests.mail.smtp_server import MailServer
from tests.resume.layouts import client_tab_dates_with_environment, pipe_company_then_title

ROOT = Path(__file__).resolve().parents[2]
_STYLE_ONLY = re.compile(r"\s*(?:<style[^>]*>.*?</style>\s*)+", re.DOTALL | re.IGNORECASE)
SENDER = "recruiter@example.com"
STACK_A = (
    "Kafka\n• Built streaming pipelines for claims events.\n• Tuned consumer lag alerts on the claims topics."
)
STACK_B = "Terraform:\n- Wrote Terraform modules for the data platform.\n- Automated drift checks in CI."


class Page:
    """The page under AppTest, with the few moves the tests make."""

    def __init__(self, at: AppTest) -> None:
        self.at = at

    def run(self) -> Page:
        """Run the page once more (a rerun)."""
        self.at.run()
        return self

    def upload(self, *files: tuple[str, bytes]) -> Page:
        """Drop these (name, bytes) files on the uploader."""
        self.at.file_uploader(key="resumes").set_value([(n, d, DOCX_MIME) for n, d in files]).run()
        return self

    def open_tab(self, name: str) -> Page:
        """Open the resume tab labelled ``name`` (as the user clicking it would)."""
        self.at.session_state["resume-tabs"] = md_escape(name)
        self.at.run()
        return self

    def open_panel(self, key: str) -> Page:
        """Open the sidebar panel whose expander has ``key`` (as the user clicking it would)."""
        self.at.session_state[key] = True
        self.at.run()
        return self

    def type(self, widget: str, data: bytes, text: str) -> Page:
        """Type ``text`` into the resume's text area or input ``widget`` (stack, job, to, subject, body)."""
        key = f"{widget}-{rkey(data)}"
        box = self.at.text_input(key=key) if widget in ("to", "subject") else self.at.text_area(key=key)
        box.input(text).run()
        return self

    def click(self, key: str) -> Page:
        """Press the button with ``key``."""
        self.at.button(key=key).click().run()
        return self

    def smtp(self, server: MailServer, sender: str = SENDER) -> Page:
        """Point the sidebar's email settings at a local plain SMTP server."""
        at = self.at
        at.text_input(key="smtp-host").input("127.0.0.1")
        at.number_input(key="smtp-port").set_value(server.port)
        at.selectbox(key="smtp-security").set_value("plain")
        at.text_input(key="smtp-sender").input(sender)
        at.run()
        return self

    def texts(self, kind: str) -> list[str]:
        """The text of every element of ``kind`` (error, warning, success, info, caption, markdown)."""
        return [e.value for e in getattr(self.at, kind)]

    def html(self) -> str:
        """The HTML of every ``st.html`` element that shows something (not a page's style sheet), joined."""
        bodies = [e.proto.body for e in self.at.get("html")]  # type: ignore[attr-defined]
        return "".join(b for b in bodies if not _STYLE_ONLY.fullmatch(b))

    def table(self, index: int) -> list[dict[str, object]]:
        """The rows of the ``index``-th dataframe on the page."""
        return self.at.dataframe[index].value.to_dict("records")  # type: ignore[no-any-return]

    def table_with(self, column: str) -> list[dict[str, object]]:
        """The rows of the first dataframe that has ``column``."""
        for frame in self.at.dataframe:
            if column in frame.value.columns:
                return frame.value.to_dict("records")  # type: ignore[no-any-return]
        raise AssertionError(f"no table with a {column!r} column")

    def assert_clean(self) -> None:
        """No uncaught exception reached the page."""
        assert not self.at.exception, [e.value for e in self.at.exception]


def rkey(data: bytes) -> str:
    """The page's key of a resume: the first 12 hex digits of its content hash."""
    return hashlib.sha256(data).hexdigest()[:12]


def no_projects_docx() -> bytes:
    """A real .docx with no experience section: a cover letter."""
    return build_docx([para("Dear hiring manager,"), para("Please find my resume attached.")])


@pytest.fixture(scope="session")
def resume_a() -> bytes:
    """A resume with four client projects and Environment lines."""
    return client_tab_dates_with_environment().docx


@pytest.fixture(scope="session")
def resume_b() -> bytes:
    """A resume with three company projects and List Bullet responsibilities."""
    return pipe_company_then_title().docx


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """This test's data directory (logs, outbox, dry runs)."""
    return tmp_path / "data"


@pytest.fixture
def page_env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A private data directory, no console logging, fresh process-wide services and breakers."""
    monkeypatch.setenv("RESUME_CUSTOMIZER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("RESUME_CUSTOMIZER_LOG_CONSOLE", "false")
    monkeypatch.setenv("RESUME_CUSTOMIZER_OBSERVE_SAMPLE_INTERVAL_S", "3600")
    monkeypatch.chdir(ROOT)
    st.cache_resource.clear()
    reset_breakers()
    yield
    st.cache_resource.clear()
    reset_breakers()
    get_registry().stop_sampler()
    shutdown_logging()


@pytest.fixture
def app(page_env: None) -> Page:
    """The page after its first run."""
    p = Page(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    p.run().assert_clean()
    return p


@pytest.fixture
def smtp_server() -> Iterator[MailServer]:
    """A plain SMTP server on 127.0.0.1 (a local relay: no TLS, no AUTH)."""
    server = MailServer("plain").start()
    yield server
    server.stop()
