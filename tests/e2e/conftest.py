"""Fixtures for the end-to-end tests: `streamlit run app.py` on 127.0.0.1, Debian's chromium
driven by Playwright, a real SMTP server, and a folder for each step's screenshot.

Without /usr/bin/chromium the tests skip, unless RC_REQUIRE_BROWSER=1 (CI): then they fail.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.mail.smtp_server import MailServer

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 60.0


def _require_browser() -> None:
    """Skip (or, when RC_REQUIRE_BROWSER=1, fail) unless chromium and Playwright are here."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError as exc:
            problem = f"Playwright for Python is missing ({exc})"
    if problem is None:
        return
    if os.environ.get("RC_REQUIRE_BROWSER") == "1":
        pytest.fail(f"RC_REQUIRE_BROWSER=1 but {problem}", pytrace=False)
    pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"streamlit did not become healthy in {START_TIMEOUT_S:.0f} s: {log.read_text()[-2000:]}"
    )


@pytest.fixture(scope="module")
def artifacts() -> Path:
    """Where the screenshots of each step go (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run app.py` on 127.0.0.1 and an ephemeral port, with a private data directory."""
    _require_browser()
    port = _free_port()
    work = tmp_path_factory.mktemp("e2e-app")
    log = work / "streamlit.log"
    env = {
        **os.environ,
        "RESUME_CUSTOMIZER_DATA_DIR": str(work / "data"),
        "RESUME_CUSTOMIZER_LOG_CONSOLE": "false",
    }
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser_page(app_url: str) -> Iterator[object]:
    """A chromium page (Playwright) at a desktop size, closed with its browser at the end."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
            page = context.new_page()
            page.set_default_timeout(30_000)
            yield page
        finally:
            browser.close()


@pytest.fixture(scope="module")
def mail_server() -> Iterator[MailServer]:
    """A plain SMTP server on 127.0.0.1 that records what it accepts."""
    server = MailServer("plain").start()
    yield server
    server.stop()
