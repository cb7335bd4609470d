"""Fixtures for the mail tests: real SMTP servers (plain, STARTTLS, SMTPS), fake sleep and clock."""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import pytest
import trustme

from resume_customizer.mail.sender import reset_breakers
from tests.mail.smtp_server import Certs, FakeClock, MailServer, Sleeps, make_resume


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    """A trustme CA with a certificate for 127.0.0.1."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server)
    client = ssl.create_default_context()
    ca.configure_trust(client)
    pem = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    return Certs(server, client, pem)


@pytest.fixture
def smtp_server() -> Iterator[MailServer]:
    """A plain SMTP server (no TLS, no AUTH): a local relay."""
    server = MailServer("plain").start()
    yield server
    server.stop()


@pytest.fixture
def tls_server(certs: Certs) -> Iterator[MailServer]:
    """A STARTTLS server with AUTH required (user USER, password PASSWORD)."""
    server = MailServer("starttls", certs).start()
    yield server
    server.stop()


@pytest.fixture
def ssl_server(certs: Certs) -> Iterator[MailServer]:
    """An implicit-TLS (SMTPS) server with AUTH required."""
    server = MailServer("ssl", certs).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fresh_breakers() -> Iterator[None]:
    """Each test starts with no circuit breaker state."""
    reset_breakers()
    yield
    reset_breakers()


@pytest.fixture
def sleeps() -> Sleeps:
    """A recording fake sleep."""
    return Sleeps()


@pytest.fixture
def clock() -> FakeClock:
    """A fake monotonic clock."""
    return FakeClock()


@pytest.fixture(scope="session")
def resume_docx() -> bytes:
    """One real resume, built once."""
    return make_resume()
