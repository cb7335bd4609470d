"""``outbox list`` and ``outbox resolve``: an unknown outcome is no dead end."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from resume_customizer.cli import main
from resume_customizer.mail.bulk import BulkItem, BulkSummary, engine_tailor, run_bulk, smtp_sender_factory
from resume_customizer.mail.outbox import Outbox
from resume_customizer.mail.transport import SmtpConfig
from resume_customizer.observe.logs import shutdown_logging
from tests.mail.smtp_server import FAST_RETRY, LENIENT_BREAKER, STACK, MailServer

SENDER = "recruiter@example.com"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RESUME_CUSTOMIZER_DATA_DIR", str(tmp_path / "data"))
    yield
    shutdown_logging()  # main() attached the data directory's log file


def _send(server: MailServer, outbox: Outbox, resume: bytes, n: int = 4) -> BulkSummary:
    items = [
        BulkItem(resume, f"Candidate_{i}.docx", STACK, f"client{i}@example.com", subject="Profile {name}")
        for i in range(n)
    ]
    make_sender = smtp_sender_factory(
        SmtpConfig(host="127.0.0.1", port=server.port, security="plain", timeout_s=3.0),
        retry=FAST_RETRY,
        breaker=LENIENT_BREAKER,
        sleep=lambda s: None,
    )
    return run_bulk(
        items, sender=SENDER, outbox=outbox, make_sender=make_sender, tailor=engine_tailor(), workers=2
    )


def test_an_unknown_job_is_listed_and_resolved_as_delivered_or_resent_and_both_are_logged(
    smtp_server: MailServer, tmp_path: Path, resume_docx: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    # client1: the server took the message and the reply was lost; client2: the connection
    # broke at the end of the data and the server kept nothing. Both are unknown to us.
    smtp_server.fault(lambda st, a, n: "accept-drop" if st == "DATA" and a == "client1@example.com" else None)
    smtp_server.fault(lambda st, a, n: "drop" if st == "DATA" and a == "client2@example.com" else None)
    path = tmp_path / "outbox.sqlite3"
    first = _send(smtp_server, Outbox.open(path), resume_docx)
    assert [r.state for r in first.results] == ["sent", "unknown", "unknown", "sent"]
    smtp_server.handler.faults.clear()

    assert main(["outbox", "list", "--outbox", str(path)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("ID") and len([line for line in table if "  sent  " in line]) == 2
    assert any("client1@example.com / Candidate_1.docx / Profile {name}" in line for line in table)
    assert any(line.strip().startswith("why:") and "may have been delivered" in line for line in table)
    assert table[-1].startswith("unknown: the server may have accepted it")

    assert main(["outbox", "list", "--state", "unknown", "--json", "--outbox", str(path)]) == 0
    unknown = {j["recipients"][0]: j for j in json.loads(capsys.readouterr().out)}
    assert sorted(unknown) == ["client1@example.com", "client2@example.com"]
    assert {j["state"] for j in unknown.values()} == {"unknown"} and unknown["client1@example.com"][
        "file"
    ] == ("Candidate_1.docx")
    arrived, lost = unknown["client1@example.com"]["id"], unknown["client2@example.com"]["id"]
    assert len(arrived) == 12 and unknown["client1@example.com"]["key"].startswith(arrived)

    assert main(["outbox", "resolve", arrived, "--delivered", "--outbox", str(path)]) == 0
    assert "is marked sent" in capsys.readouterr().out
    assert main(["outbox", "resolve", lost[:8], "--resend", "--outbox", str(path)]) == 0
    assert "is pending again" in capsys.readouterr().out
    # a job that is not unknown, an id that is no job: exit 2, one line each
    assert main(["outbox", "resolve", arrived, "--resend", "--outbox", str(path)]) == 2
    assert main(["outbox", "resolve", "abcdef", "--delivered", "--outbox", str(path)]) == 2
    with pytest.raises(SystemExit) as no_answer:  # --delivered or --resend: one of them
        main(["outbox", "resolve", arrived, "--outbox", str(path)])
    assert no_answer.value.code == 2
    errors = capsys.readouterr().err.splitlines()
    assert errors[0].startswith(f"error: The job {arrived} for client1@example.com is sent, not unknown")
    assert errors[1] == "error: No outbox job has the id abcdef; `outbox list` shows the ids."

    log = (tmp_path / "data" / "logs" / "resume_customizer.log").read_text(encoding="utf-8")
    assert f"outbox job {arrived} resolved by the user: it arrived (sent)" in log
    assert f"outbox job {lost} resolved by the user: send it again (pending)" in log

    # The next run sends the one that did not arrive, and only that one.
    again = _send(smtp_server, Outbox.open(path), resume_docx)
    assert [r.state for r in again.results] == ["skipped", "skipped", "sent", "skipped"]
    assert again.exit_code == 0
    arrivals = Counter(r for got in smtp_server.received for r in got.rcpt_tos)
    assert arrivals == Counter({f"client{i}@example.com": 1 for i in range(4)})
    # the resent message kept the Message-ID the job was given
    [resent] = [got for got in smtp_server.received if got.rcpt_tos == ("client2@example.com",)]
    assert resent.message_id == Outbox(path).by_id(lost).message_id


def test_listing_an_outbox_that_does_not_exist_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "none.sqlite3"
    assert main(["outbox", "list", "--outbox", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"No jobs in the outbox {path} (it does not exist yet)."
    assert main(["outbox", "list", "--json", "--outbox", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert not path.exists()
    assert main(["outbox", "resolve", "abcdef12", "--delivered", "--outbox", str(path)]) == 2
