"""The first page over the core: upload, paste, see the plan, download (Streamlit AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.docx_factory import DOCX_MIME
from tests.resume.layouts import client_tab_dates_with_environment

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("RESUME_CUSTOMIZER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def test_an_uploaded_resume_shows_its_projects_and_where_each_point_goes(app: AppTest) -> None:
    layout = client_tab_dates_with_environment()
    app.file_uploader(key="resume").set_value([("Jane Doe.docx", layout.docx, DOCX_MIME)]).run()
    assert not app.exception
    stack = "Kafka\n• Built streaming pipelines.\n• Tuned consumer lag alerts."
    app.text_area(key="stack").input(stack).run()
    assert not app.exception and not app.error
    labels = [e.label for e in app.expander]
    assert labels[0].startswith("Client: Client0 Corp") and labels[0].endswith("1 new point(s)")
    assert len(labels) == 3
    assert app.get("download_button")[0].label == "Download tailored resume"


def test_a_file_that_is_not_a_resume_gets_a_one_line_message(app: AppTest) -> None:
    app.file_uploader(key="resume").set_value([("notes.docx", b"just some text", DOCX_MIME)]).run()
    assert not app.exception
    assert len(app.error) == 1 and "not a Word .docx" in app.error[0].value
