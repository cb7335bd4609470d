"""Fixtures for the guard tests: default limits and the folder of hostile files."""

from __future__ import annotations

from pathlib import Path

import pytest

from resume_customizer.config import UploadLimits

from .hostile import Hostile, write_hostile_folder


@pytest.fixture
def limits() -> UploadLimits:
    """The default upload limits."""
    return UploadLimits()


@pytest.fixture(scope="session")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Hostile]]:
    """Every hostile file written once per run (the 1 GB zip bomb takes a few seconds to build)."""
    return write_hostile_folder(tmp_path_factory.mktemp("hostile"))
