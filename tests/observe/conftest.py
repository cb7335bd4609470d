"""Fixtures for the observability tests: isolated settings, clean logging, a real SMTP server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from resume_customizer.config import LogSettings, ObserveSettings, Settings
from resume_customizer.observe.logs import shutdown_logging


@pytest.fixture(autouse=True)
def clean_logging() -> Iterator[None]:
    """Every test starts and ends with no handlers of ours attached."""
    shutdown_logging()
    yield
    shutdown_logging()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a private data directory, no console, and no disk threshold."""
    return Settings().replace(
        data_dir=tmp_path / "data",
        log=LogSettings(console=False),
        observe=ObserveSettings(min_disk_free_mb=0.0, sample_interval_s=3600.0, history=5),
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (at the time of asking)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _AcceptAll:
    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[str, int]]:
    """A real aiosmtpd server on 127.0.0.1 (plain SMTP), as (host, port)."""
    port = free_port()
    controller = Controller(_AcceptAll(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield "127.0.0.1", port
    finally:
        controller.stop()
