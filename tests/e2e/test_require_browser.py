"""The end-to-end tests skip without chromium, unless CI asks for them (RC_REQUIRE_BROWSER=1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e import conftest


def test_without_chromium_the_browser_tests_skip(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("RC_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-chromium is missing"):
        conftest._require_browser()


def test_without_chromium_the_browser_tests_fail_when_ci_requires_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("RC_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match=r"RC_REQUIRE_BROWSER=1 but .*no-chromium is missing"):
        conftest._require_browser()
