"""The Streamlit server settings agree with the upload limits and are locked down."""

from __future__ import annotations

import tomllib
from pathlib import Path

from resume_customizer.config import UploadLimits

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_streamlit_upload_limit_matches_the_per_file_limit() -> None:
    config = tomllib.loads(CONFIG.read_text())
    assert config["server"]["maxUploadSize"] == UploadLimits().max_file_mb


def test_streamlit_is_locked_down() -> None:
    config = tomllib.loads(CONFIG.read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["headless"] is True
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "minimal"
