"""A bulk send whose disk fills up mid-run (a real small tmpfs holding the outbox and the logs).

Before: 1-2 messages the server had accepted were reported ``failed: internal error
(OperationalError)`` (``mark_sent`` raising SQLITE_FULL after the 250), the run went on
taking items it could not record, and stderr got a "--- Logging error ---" traceback per
log record. Now: a message the server accepted is reported sent (with a note that the outbox
could not record it), the run stops taking items (the rest stay pending, "not attempted"),
the log says once that it cannot write, and the rerun sends nothing twice.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from resume_customizer.errors import OutboxUnwritable
from resume_customizer.mail.outbox import Outbox
from tests.full_disk import fill, small_filesystem
from tests.mail.smtp_server import STACK, MailServer

REPO = Path(__file__).resolve().parents[2]
ROWS = 40
FILL_AT = 20  # the disk is full from the 20th message the server accepts
_HEAD = re.compile(
    r"^(\d+) item\(s\): (\d+) sent, (\d+) skipped, (\d+) failed, (\d+) unknown, (\d+) cancelled"
    r"(?:, (\d+) not attempted)?"
)


def _manifest(folder: Path, resume: bytes) -> Path:
    folder.mkdir(parents=True)
    (folder / "resume.docx").write_bytes(resume)
    (folder / "stack.txt").write_text(STACK, encoding="utf-8")
    path = folder / "manifest.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["resume", "stack", "recipient", "subject"])
        for i in range(ROWS):
            writer.writerow(["resume.docx", "stack.txt", f"client{i}@example.com", "Profile: {name}"])
    return path


def _cli(*args: str, data: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "RESUME_CUSTOMIZER_DATA_DIR": str(data),
        "RESUME_CUSTOMIZER_RETRY_INITIAL_S": "0",
        "RESUME_CUSTOMIZER_RETRY_JITTER_S": "0",
    }
    return subprocess.run(
        [sys.executable, "-m", "resume_customizer", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
    )


def _counts(stdout: str) -> dict[str, int]:
    m = _HEAD.match(stdout)
    assert m, stdout
    names = ("items", "sent", "skipped", "failed", "unknown", "cancelled", "not_attempted")
    return {name: int(v or 0) for name, v in zip(names, m.groups(), strict=True)}


def test_a_disk_filling_mid_run_never_reports_an_accepted_message_failed_and_the_rerun_sends_none_twice(
    smtp_server: MailServer, tmp_path: Path, resume_docx: bytes
) -> None:
    manifest = _manifest(tmp_path / "job", resume_docx)
    with small_filesystem(8 * 1024) as disk:
        outbox = disk / "outbox.sqlite3"
        data = disk / "data"  # the log file fills up with the outbox
        filler: list[Path] = []
        lock = threading.Lock()
        accepted = {"n": 0}

        def fill_the_disk_at_the_twentieth_message(stage: str, address: str, attempt: int) -> object:
            if stage == "DATA":
                with lock:
                    accepted["n"] += 1
                    if accepted["n"] == FILL_AT:
                        filler.append(fill(disk))
            return None

        smtp_server.fault(fill_the_disk_at_the_twentieth_message)
        send = (
            "bulk", str(manifest), "--send", "--smtp-host", "127.0.0.1", "--smtp-port", str(smtp_server.port),
            "--security", "plain", "--sender", "recruiter@example.com", "--outbox", str(outbox),
        )  # fmt: skip
        first = _cli(*send, data=data, cwd=tmp_path)
        assert filler, "the disk was never filled"
        received = Counter(r for got in smtp_server.received for r in got.rcpt_tos)
        assert FILL_AT <= len(received) < ROWS and set(received.values()) == {1}

        # No message is reported failed; every message the server took is reported sent.
        assert first.returncode == 1, first.stderr
        counts = _counts(first.stdout)
        assert counts["failed"] == 0 and counts["unknown"] == 0, first.stdout
        assert counts["sent"] == len(received)
        assert counts["not_attempted"] == ROWS - len(received) > 0
        unrecorded = [line for line in first.stdout.splitlines() if line.startswith("  sent ")]
        assert unrecorded and all(
            "the outbox could not record this (disk full?)" in line for line in unrecorded
        )
        [left] = [line for line in first.stdout.splitlines() if line.startswith("  not attempted")]
        assert f"{counts['not_attempted']} item(s)" in left
        assert left.endswith(
            "still pending: the outbox cannot record (disk full?); run again once that is fixed"
        )
        # The log file on the full disk said so once; no logging tracebacks.
        assert "Logging error" not in first.stderr and "Traceback" not in first.stderr
        said = [line for line in first.stderr.splitlines() if line.startswith("resume_customizer:")]
        assert len(said) <= 1 and all("(No space left on device)" in line for line in said)

        # Room again: the rerun sends the rest, nothing twice; the messages whose "sent" the
        # outbox could not record are unknown to it (not resent), for the user to resolve.
        filler[0].unlink()
        second = _cli(*send, data=data, cwd=tmp_path)
        arrivals = Counter(r for got in smtp_server.received for r in got.rcpt_tos)
        assert arrivals == Counter({f"client{i}@example.com": 1 for i in range(ROWS)}), second.stdout
        again = _counts(second.stdout)
        assert again["failed"] == again["not_attempted"] == 0, second.stdout
        assert again["sent"] == ROWS - len(received)
        assert again["unknown"] == len(unrecorded) and again["skipped"] == counts["sent"] - len(unrecorded)

        # The user checks the mailboxes and says so; then everything is settled.
        listed = _cli(
            "outbox", "list", "--state", "unknown", "--json", "--outbox", str(outbox), data=data, cwd=tmp_path
        )
        unknown = json.loads(listed.stdout)
        assert len(unknown) == len(unrecorded)
        for job in unknown:
            done = _cli(
                "outbox",
                "resolve",
                job["id"],
                "--delivered",
                "--outbox",
                str(outbox),
                data=data,
                cwd=tmp_path,
            )
            assert done.returncode == 0, done.stderr
        third = _cli(*send, data=data, cwd=tmp_path)
        assert third.returncode == 0 and _counts(third.stdout)["skipped"] == ROWS
        assert len(smtp_server.received) == ROWS
        assert Outbox(outbox).counts()["sent"] == ROWS


def test_the_outbox_says_it_cannot_record_on_a_full_disk_and_records_once_there_is_room() -> None:
    with small_filesystem(1024) as disk:
        outbox = Outbox.open(disk / "outbox.sqlite3")
        job = outbox.ensure(["hr@example.com"], "Profile", "0" * 64, sender="recruiter@example.com")
        assert outbox.claim(job.key)[0]
        outbox.mark_data_started(job.key)
        filler = fill(disk)
        full = r"cannot record \(database or disk is full\); disk full\?"
        with pytest.raises(OutboxUnwritable, match=full):
            outbox.mark_sent(job.key, attempts=1, reply="250 ok")
        kept = outbox.get(job.key)
        assert kept is not None and kept.state == "sending" and kept.data_started_at is not None
        filler.unlink()
        assert outbox.mark_sent(job.key, attempts=1, reply="250 ok").state == "sent"
        outbox.close()
