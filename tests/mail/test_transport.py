"""The SMTP transport against a real aiosmtpd server: modes, login, reuse, translation."""

from __future__ import annotations

import re

import pytest

from resume_customizer.config import Secret, SmtpSettings
from resume_customizer.errors import InputError, PermanentDelivery, TransientDelivery
from resume_customizer.mail.message import DOCX_MIME, Outgoing, build_message, new_message_id
from resume_customizer.mail.transport import (
    PRESETS,
    DeliveryUnknown,
    SetupFailure,
    SmtpConfig,
    SmtpTransport,
    get_preset,
    probe,
)
from tests.mail.smtp_server import PASSWORD, USER, MailServer, free_port


def _message(to: str = "hr@example.com", filename: str = "Résumé – José.docx") -> Outgoing:
    return build_message(
        sender="recruiter@example.com",
        recipients=[to],
        subject="Senior engineer",
        body="Hello,\nthe resume is attached.\n.\nA line with a lone dot above.",
        attachment=b"PK\x03\x04 not really a docx",
        filename=filename,
        message_id=new_message_id("recruiter@example.com"),
    )


def _plain(server: MailServer, **changes: object) -> SmtpConfig:
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": server.port,
        "security": "plain",
        "timeout_s": 5.0,
    }
    values.update(changes)
    return SmtpConfig(**values)  # type: ignore[arg-type]


def test_a_message_sent_over_plain_smtp_arrives_with_its_attachment_and_filename_intact(
    smtp_server: MailServer,
) -> None:
    outgoing = _message()
    with SmtpTransport(_plain(smtp_server)) as transport:
        reply = transport.send(outgoing)
    assert reply.startswith("250")
    [got] = smtp_server.received
    assert got.rcpt_tos == ("hr@example.com",)
    assert got.message_id == outgoing.message_id
    [attachment] = list(got.message.iter_attachments())
    assert attachment.get_content_type() == DOCX_MIME
    assert attachment.get_filename() == "Résumé – José.docx"
    assert attachment.get_content() == b"PK\x03\x04 not really a docx"
    assert "\n.\n" in got.message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_a_message_serialized_ahead_as_a_wire_arrives_as_the_message_itself(
    smtp_server: MailServer,
) -> None:
    # Bulk runs compose and serialize in the tailoring processes; the transport only writes.
    outgoing = _message()
    wire = outgoing.wire()
    assert wire.data == outgoing.smtp_bytes() and b"\r\n" in wire.data and not wire.smtputf8
    with SmtpTransport(_plain(smtp_server)) as transport:
        assert transport.send(wire).startswith("250")
        assert transport.send(outgoing).startswith("250")
    first, second = smtp_server.received
    assert first.message.as_bytes() == second.message.as_bytes()
    assert first.message_id == wire.message_id == outgoing.message_id
    assert next(first.message.iter_attachments()).get_filename() == "Résumé – José.docx"


def test_a_non_ascii_address_needs_smtputf8_whether_composed_or_serialized() -> None:
    outgoing = _message(to="josé@exämple.com")
    assert outgoing.smtputf8 and outgoing.wire().smtputf8
    assert "josé@exämple.com".encode() in outgoing.wire().data  # UTF-8 headers, not RFC 2047


def test_starttls_with_login_delivers_through_a_verified_certificate(tls_server: MailServer, certs) -> None:  # type: ignore[no-untyped-def]
    config = SmtpConfig(
        host="127.0.0.1",
        port=tls_server.port,
        security="starttls",
        username=USER,
        password=Secret(PASSWORD),
        timeout_s=5.0,
        tls_context=certs.client,
    )
    with SmtpTransport(config) as transport:
        transport.send(_message("a@example.com"))
        transport.send(_message("b@example.com"))
        assert transport.connections_opened == 1
    assert [r.rcpt_tos for r in tls_server.received] == [("a@example.com",), ("b@example.com",)]
    assert len({r.peer for r in tls_server.received}) == 1  # one connection, one login


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls_with_login_delivers(ssl_server: MailServer, certs) -> None:  # type: ignore[no-untyped-def]
    config = SmtpConfig(
        host="127.0.0.1",
        port=ssl_server.port,
        security="ssl",
        username=USER,
        password=Secret(PASSWORD),
        timeout_s=5.0,
        tls_context=certs.client,
    )
    with SmtpTransport(config) as transport:
        transport.send(_message())
    assert ssl_server.count_for("hr@example.com") == 1


def test_a_wrong_password_fails_with_the_servers_words_and_never_shows_the_password(
    tls_server: MailServer, certs
) -> None:  # type: ignore[no-untyped-def]
    config = SmtpConfig(
        host="127.0.0.1",
        port=tls_server.port,
        security="starttls",
        username=USER,
        password=Secret("wrong-password"),
        timeout_s=5.0,
        tls_context=certs.client,
    )
    with pytest.raises(SetupFailure) as caught, SmtpTransport(config) as transport:
        transport.send(_message())
    message = caught.value.message
    assert message.startswith(f"127.0.0.1:{tls_server.port} rejected login for {USER}: 535")
    assert "wrong-password" not in message and "wrong-password" not in repr(config)
    assert tls_server.received == []


def test_an_untrusted_certificate_is_refused_as_a_setup_problem(tls_server: MailServer) -> None:
    config = SmtpConfig(
        host="127.0.0.1",
        port=tls_server.port,
        security="starttls",
        username=USER,
        password=Secret(PASSWORD),
        timeout_s=5.0,
    )
    with pytest.raises(SetupFailure, match="not trusted"), SmtpTransport(config) as transport:
        transport.send(_message())


def test_a_password_is_never_sent_without_tls_unless_allowed(smtp_server: MailServer) -> None:
    with pytest.raises(InputError, match="without TLS"):
        SmtpTransport(_plain(smtp_server, username=USER, password=Secret(PASSWORD)))
    # allowed for a trusted relay: the server here offers no AUTH, which is reported as such
    allowed = _plain(smtp_server, username=USER, password=Secret(PASSWORD), allow_plain_auth=True)
    with pytest.raises(SetupFailure, match="does not offer AUTH"), SmtpTransport(allowed) as transport:
        transport.send(_message())


def test_the_connection_is_reopened_when_the_server_dropped_it_between_messages(
    smtp_server: MailServer,
) -> None:
    # The second message's MAIL FROM finds the connection dead once (as after an idle timeout).
    smtp_server.fault(lambda stage, addr, n: "drop" if stage == "MAIL" and n == 2 else None)
    with SmtpTransport(_plain(smtp_server)) as transport:
        transport.send(_message("a@example.com"))
        transport.send(_message("b@example.com"))
        assert transport.connections_opened == 2
    assert smtp_server.count_for("a@example.com") == smtp_server.count_for("b@example.com") == 1


def test_a_4xx_reply_is_transient_and_a_5xx_reply_permanent_and_the_connection_survives_both(
    smtp_server: MailServer,
) -> None:
    smtp_server.fault(lambda stage, addr, n: "451 4.3.0 try later" if addr == "busy@example.com" else None)
    smtp_server.fault(
        lambda stage, addr, n: "550 5.1.1 no such user" if addr == "ghost@example.com" else None
    )
    with SmtpTransport(_plain(smtp_server)) as transport:
        with pytest.raises(TransientDelivery, match=re.escape("busy@example.com: 451 4.3.0 try later")):
            transport.send(_message("busy@example.com"))
        with pytest.raises(PermanentDelivery, match=re.escape("ghost@example.com: 550 5.1.1 no such user")):
            transport.send(_message("ghost@example.com"))
        transport.send(_message("ok@example.com"))
        assert transport.connections_opened == 1
    assert [r.rcpt_tos for r in smtp_server.received] == [("ok@example.com",)]


def test_a_server_too_slow_before_the_data_times_out_as_transient(smtp_server: MailServer) -> None:
    smtp_server.fault(lambda stage, addr, n: ("sleep", 1.0) if stage == "RCPT" else None)
    with (
        pytest.raises(TransientDelivery, match="timed out"),
        SmtpTransport(_plain(smtp_server, timeout_s=0.3)) as t,
    ):
        t.send(_message())


def test_a_connection_lost_after_the_data_leaves_the_outcome_unknown(smtp_server: MailServer) -> None:
    smtp_server.fault(lambda stage, addr, n: "accept-drop" if stage == "DATA" else None)
    data_started: list[bool] = []
    with (
        pytest.raises(DeliveryUnknown, match="may have been delivered"),
        SmtpTransport(_plain(smtp_server)) as t,
    ):
        t.send(_message(), on_data=lambda: data_started.append(True))
    assert data_started == [True]
    assert smtp_server.count_for("hr@example.com") == 1


def test_a_server_that_is_down_is_a_transient_failure_naming_it() -> None:

    port = free_port()
    with pytest.raises(TransientDelivery, match=f"127.0.0.1:{port} could not be reached"):
        SmtpTransport(SmtpConfig(host="127.0.0.1", port=port, security="plain", timeout_s=2.0)).send(
            _message()
        )


def test_probe_describes_the_server_without_logging_in(tls_server: MailServer, certs) -> None:  # type: ignore[no-untyped-def]
    text = probe("127.0.0.1", tls_server.port, "starttls", 5.0, context=certs.client)
    assert text.startswith(f"127.0.0.1:{tls_server.port} answered (starttls)")
    assert "AUTH" in text and "PLAIN" in text
    with pytest.raises(TransientDelivery):
        probe("127.0.0.1", free_port(), "plain", 1.0)


def test_presets_carry_the_providers_ports_and_modes() -> None:
    assert (PRESETS["gmail"].host, PRESETS["gmail"].port, PRESETS["gmail"].security) == (
        "smtp.gmail.com",
        587,
        "starttls",
    )
    assert (get_preset("Office365").host, get_preset("office365").port) == ("smtp.office365.com", 587)
    assert (get_preset("yahoo").port, get_preset("yahoo").security) == (465, "ssl")
    config = SmtpConfig.from_settings(SmtpSettings(preset="yahoo"))
    assert (config.host, config.port, config.security) == ("smtp.mail.yahoo.com", 465, "ssl")
    with pytest.raises(InputError, match="Unknown SMTP preset"):
        get_preset("hotmail")
