"""The SQLite outbox: idempotency, states, crash recovery, concurrent writers."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from resume_customizer.mail.outbox import Outbox, job_key

SENDER = "recruiter@example.com"
REPO = Path(__file__).resolve().parents[2]


class WallClock:
    """A wall clock the test moves by hand (seconds since the epoch)."""

    def __init__(self) -> None:
        self.now = 1_790_000_000.0  # 2026-09-21 UTC

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def wall() -> WallClock:
    return WallClock()


@pytest.fixture
def outbox(tmp_path: Path, wall: WallClock) -> Outbox:
    return Outbox.open(tmp_path / "data" / "outbox.sqlite3", clock=wall)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_same_message_asked_twice_is_one_job_with_one_message_id(outbox: Outbox) -> None:
    first = outbox.ensure(["A@Example.com", "b@example.com"], "Resume  of Jane", "hash1", sender=SENDER)
    again = outbox.ensure(["b@example.com", "a@example.com"], "Resume of Jane", "hash1", sender=SENDER)
    other = outbox.ensure(["a@example.com", "b@example.com"], "Resume of Jane", "hash2", sender=SENDER)
    assert again.key == first.key and again.message_id == first.message_id
    assert other.key != first.key and other.message_id != first.message_id
    assert first.message_id.endswith("@example.com>") and first.state == "pending"
    assert outbox.counts() == {"pending": 2, "sending": 0, "sent": 0, "failed": 0, "unknown": 0}


def test_a_sent_job_is_never_claimed_again_and_says_when_it_was_sent(outbox: Outbox, wall: WallClock) -> None:
    job = outbox.ensure(["hr@example.com"], "Resume", "h", sender=SENDER)
    claimed, taken = outbox.claim(job.key)
    assert claimed and taken.state == "sending"
    assert outbox.claim(job.key) == (False, outbox.get(job.key))  # already being sent
    wall.now += 5
    outbox.mark_sent(job.key, attempts=2, reply="250 ok")
    found = outbox.find(["HR@example.com"], "Resume", "h")
    assert found is not None and found.state == "sent" and found.attempts == 2
    assert found.describe() == "already sent on 2026-09-21 14:13 UTC"
    assert found.sent_on() is not None and found.sent_on().year == 2026  # type: ignore[union-attr]
    assert outbox.claim(job.key)[0] is False


def test_only_jobs_that_failed_for_a_passing_reason_are_sendable_again(outbox: Outbox) -> None:
    transient = outbox.ensure(["a@example.com"], "Resume", "h", sender=SENDER)
    refused = outbox.ensure(["b@example.com"], "Resume", "h", sender=SENDER)
    for job in (transient, refused):
        assert outbox.claim(job.key)[0]
    outbox.mark_failed(transient.key, error="451 try later", retryable=True, attempts=4)
    outbox.mark_failed(refused.key, error="550 no such user", retryable=False, attempts=1)
    assert outbox.claim(transient.key)[0] is True
    claimed, job = outbox.claim(refused.key)
    assert claimed is False and job.state == "failed" and job.last_error == "550 no such user"


def test_a_job_left_sending_by_a_dead_process_before_its_data_is_taken_over(
    tmp_path: Path, wall: WallClock
) -> None:
    path = tmp_path / "outbox.sqlite3"
    crashed = Outbox.open(path, clock=wall, owner=f"{socket.gethostname()}:{_dead_pid()}")
    job = crashed.ensure(["hr@example.com"], "Resume", "h", sender=SENDER)
    assert crashed.claim(job.key)[0]
    claimed, taken = Outbox.open(path, clock=wall).claim(job.key)
    assert claimed and taken.state == "sending" and taken.message_id == job.message_id


def test_a_job_left_sending_after_its_data_began_becomes_unknown_not_resent(
    tmp_path: Path, wall: WallClock
) -> None:
    path = tmp_path / "outbox.sqlite3"
    crashed = Outbox.open(path, clock=wall, owner=f"{socket.gethostname()}:{_dead_pid()}")
    job = crashed.ensure(["hr@example.com"], "Resume", "h", sender=SENDER)
    crashed.claim(job.key)
    crashed.mark_data_started(job.key)
    claimed, seen = Outbox.open(path, clock=wall).claim(job.key)
    assert claimed is False and seen.state == "unknown"
    assert "check the recipient's mailbox" in (seen.last_error or "")
    assert seen.describe().startswith("possibly sent on 2026-09-21")


def test_a_claim_held_past_the_lease_by_a_live_process_is_taken_over(tmp_path: Path, wall: WallClock) -> None:
    path = tmp_path / "outbox.sqlite3"
    stuck = Outbox.open(path, clock=wall, owner="elsewhere.example:1", lease_s=600)
    job = stuck.ensure(["hr@example.com"], "Resume", "h", sender=SENDER)
    stuck.claim(job.key)
    fresh = Outbox.open(path, clock=wall, lease_s=600)
    assert fresh.claim(job.key)[0] is False  # another host, within the lease: hands off
    wall.now += 601
    assert fresh.claim(job.key)[0] is True


def test_the_user_decides_what_an_unknown_job_became(outbox: Outbox) -> None:
    a = outbox.ensure(["a@example.com"], "Resume", "h", sender=SENDER)
    b = outbox.ensure(["b@example.com"], "Resume", "h", sender=SENDER)
    for job in (a, b):
        outbox.claim(job.key)
        outbox.mark_data_started(job.key)
        outbox.mark_unknown(job.key, error="no reply after data", attempts=1)
    assert outbox.resolve_unknown(a.key, delivered=True).state == "sent"
    assert outbox.resolve_unknown(b.key, delivered=False).state == "pending"
    assert outbox.claim(b.key)[0] is True


def test_the_database_runs_in_wal_mode(outbox: Outbox) -> None:
    with sqlite3.connect(outbox.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_threads_racing_for_the_same_jobs_claim_each_exactly_once(outbox: Outbox) -> None:
    keys = [outbox.ensure([f"p{i}@example.com"], "Resume", "h", sender=SENDER).key for i in range(40)]
    claims: list[str] = []
    lock = threading.Lock()

    def race() -> None:
        for key in keys:
            if outbox.claim(key)[0]:
                with lock:
                    claims.append(key)

    threads = [threading.Thread(target=race) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claims) == sorted(keys)


_CLAIMER = """
import sys
from pathlib import Path
from resume_customizer.mail.outbox import Outbox
outbox = Outbox(Path(sys.argv[1]), owner="other-host.example:" + sys.argv[2])
for key in sys.argv[3:]:
    if outbox.claim(key)[0]:
        print(key, flush=True)
"""


def test_processes_racing_for_the_same_jobs_claim_each_exactly_once(outbox: Outbox) -> None:
    keys = [outbox.ensure([f"p{i}@example.com"], "Resume", "h", sender=SENDER).key for i in range(60)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _CLAIMER, str(outbox.path), str(n), *keys],
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        for n in range(3)
    ]
    claimed = [line for p in procs for line in p.communicate(timeout=60)[0].split()]
    assert all(p.returncode == 0 for p in procs)
    assert sorted(claimed) == sorted(keys)


def test_the_key_ignores_recipient_order_case_and_spacing_in_the_subject() -> None:
    assert job_key(["A@x.com", "b@x.com"], "Hello  world", "h") == job_key(
        ["b@x.com", "a@x.com"], "Hello world", "h"
    )
    assert job_key(["a@x.com"], "Hello", "h") != job_key(["a@x.com"], "Hello!", "h")
