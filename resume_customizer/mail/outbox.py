"""The outbox: a SQLite ledger of every send job, so nothing is sent twice or lost silently.

One row per job, keyed by (recipients, subject, attachment content hash). A job moves
``pending -> sending -> sent | failed | unknown``:

* ``claim`` takes a job for sending in one ``BEGIN IMMEDIATE`` transaction, so two threads or
  two processes never send the same job; a job already ``sent`` is never claimed again;
* ``mark_data_started`` is written just before the message body goes to the server: if the
  process dies after it, nobody can know whether the server accepted the message, so the job
  becomes ``unknown`` (the user decides) instead of being sent again;
* a job left ``sending`` by a process that died before that point is simply taken over.

Timestamps come from an injected wall clock (seconds since the epoch). The database runs in
WAL mode; every write is one ``BEGIN IMMEDIATE`` transaction. Threads of a process share one
connection behind a lock; processes meet SQLite's busy timeout. A write the disk refuses
(full, I/O error) is rolled back and raised as ``OutboxUnwritable``: the caller knows what the
change meant (a message the server accepted is still sent, whatever the ledger could record).

A job's id, for people, is the start of its key (``Job.id``, 12 hex digits); ``by_id`` finds a
job from any unambiguous prefix of it. ``resolve_unknown`` is the user's answer for a job whose
outcome is unknown, and is logged.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from ..errors import InputError, OutboxBusy, OutboxUnwritable
from ..guard.files import PRIVATE_FILE_MODE, make_private, private_dir
from .message import new_message_id

log = logging.getLogger(__name__)

JobState = Literal["pending", "sending", "sent", "failed", "unknown"]
JOB_STATES: tuple[JobState, ...] = ("pending", "sending", "sent", "failed", "unknown")
OUTBOX_FILE = "outbox.sqlite3"
ID_LENGTH = 12  # hex digits of the key shown as a job's id
_HEX = re.compile(r"^[0-9a-f]+$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    key              TEXT PRIMARY KEY,
    recipients       TEXT NOT NULL,
    subject          TEXT NOT NULL,
    attachment_sha256 TEXT NOT NULL,
    message_id       TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('pending','sending','sent','failed','unknown')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    retryable        INTEGER NOT NULL DEFAULT 1,
    owner            TEXT,
    claimed_at       REAL,
    data_started_at  REAL,
    created_at       REAL NOT NULL,
    updated_at       REAL NOT NULL,
    sent_at          REAL,
    reply            TEXT,
    filename         TEXT
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state);
"""
# Columns added after the first release, for databases created before them.
_ADDED_COLUMNS = {"filename": "TEXT"}


def job_key(recipients: Iterable[str], subject: str, attachment_sha256: str) -> str:
    """The idempotency key: same recipients (any order, any case), subject and attachment."""
    people = sorted({r.strip().casefold() for r in recipients})
    text = json.dumps([people, " ".join(subject.split()), attachment_sha256], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Job:
    """One send job as the outbox knows it."""

    key: str
    recipients: tuple[str, ...]
    subject: str
    attachment_sha256: str
    message_id: str
    state: JobState
    attempts: int
    last_error: str | None
    retryable: bool
    owner: str | None
    claimed_at: float | None
    data_started_at: float | None
    created_at: float
    updated_at: float
    sent_at: float | None
    reply: str | None
    filename: str | None = None  # the attachment's name, for people (``outbox list``)

    @property
    def id(self) -> str:
        """The short id people use (``outbox list``, ``outbox resolve``): the key's start."""
        return self.key[:ID_LENGTH]

    @property
    def when(self) -> float:
        """The moment that matters for its state: sent, possibly sent, or last changed."""
        if self.state == "sent" and self.sent_at is not None:
            return self.sent_at
        if self.state == "unknown" and self.data_started_at is not None:
            return self.data_started_at
        return self.updated_at

    @property
    def sendable(self) -> bool:
        """Whether a run may send it: pending, or failed for a reason that may pass."""
        return self.state == "pending" or (self.state == "failed" and self.retryable)

    def sent_on(self) -> datetime | None:
        """When it was sent (UTC), for "already sent on ..." messages."""
        return datetime.fromtimestamp(self.sent_at, UTC) if self.sent_at is not None else None

    def describe(self) -> str:
        """One line for the user: state, when, why."""
        if self.state == "sent" and self.sent_at is not None:
            return f"already sent on {_fmt(self.sent_at)}"
        if self.state == "unknown":
            return (
                f"possibly sent on {_fmt(self.data_started_at or self.updated_at)}: {self.last_error or ''}"
            )
        if self.state == "failed":
            return f"failed on {_fmt(self.updated_at)}: {self.last_error or ''}"
        return f"{self.state} since {_fmt(self.updated_at)}"


def _fmt(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _this_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _owner_alive(owner: str | None) -> bool:
    """Whether the process that claimed a job still runs (same host: ask the OS)."""
    if not owner:
        return False
    host, _, pid_text = owner.rpartition(":")
    if host != socket.gethostname():
        return True  # cannot tell from here; the lease decides
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else
    return True


# SQLITE_NOTADB, SQLITE_CORRUPT: the file is not an outbox SQLite can read.
_NOT_AN_OUTBOX = frozenset({26, 11})


def _keep_private(path: Path) -> None:
    """The database and its -wal/-shm files readable by their owner only (0600).

    The file is created empty with 0600 before SQLite opens it: SQLite gives the -wal and -shm
    files the database's own mode, so they follow. An outbox an older version left 0644 is
    tightened here too.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        os.close(os.open(path, flags, PRIVATE_FILE_MODE))
    except FileExistsError:
        pass  # an outbox already: only its mode is checked below
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        make_private(name)


class Outbox:
    """The SQLite ledger of send jobs at ``path`` (created by ``open``)."""

    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], float] = time.time,
        lease_s: float = 900.0,
        owner: str | None = None,
        owner_alive: Callable[[str | None], bool] = _owner_alive,
    ) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lease_s = lease_s
        self._owner = owner or _this_owner()
        self._owner_alive = owner_alive
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._conn_pid = 0

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        clock: Callable[[], float] = time.time,
        lease_s: float = 900.0,
        owner: str | None = None,
    ) -> Outbox:
        """Create the database (and its folder) when missing, and return the outbox."""
        outbox = cls(path, clock=clock, lease_s=lease_s, owner=owner)
        try:
            private_dir(outbox.path.parent)  # personal data: a folder it creates is the owner's only
            with outbox._connect() as conn:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(_SCHEMA)
                have = {row[1] for row in conn.execute("PRAGMA table_info(jobs)")}
                for column, kind in _ADDED_COLUMNS.items():
                    if column not in have:
                        conn.execute(f"ALTER TABLE jobs ADD COLUMN {column} {kind}")
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", None) not in _NOT_AN_OUTBOX:
                raise InputError(
                    f"Cannot open the outbox {outbox.path}: {exc}; check the data directory is writable."
                ) from None
            outbox.close()
            raise InputError(
                f"The outbox {outbox.path} is not a valid outbox database ({exc}): it is not an SQLite "
                f"file, or it is damaged. Move it aside (for example rename it to {outbox.path.name}.broken) "
                "and run again to start a new, empty outbox, or pass --outbox with another file; the new "
                "outbox does not know what the old one sent."
            ) from None
        except (OSError, sqlite3.Error) as exc:
            raise InputError(
                f"Cannot open the outbox {outbox.path}: {exc}; check the data directory is writable."
            ) from None
        return outbox

    @classmethod
    def in_data_dir(cls, data_dir: Path, *, clock: Callable[[], float] = time.time) -> Outbox:
        """The outbox at ``data_dir / outbox.sqlite3``."""
        return cls.open(Path(data_dir) / OUTBOX_FILE, clock=clock)

    # -- plumbing -----------------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """This process's connection, one caller at a time.

        One long-lived connection per process: closing the last connection to a WAL database
        checkpoints it (an fsync, ~10 ms here), so a connection per operation would cost that
        on every write. Writers in this process queue on the lock instead of on SQLite's busy
        handler (which sleeps in steps of milliseconds); other processes meet the busy timeout.
        """
        with self._lock:
            if self._conn is None or self._conn_pid != os.getpid():
                _keep_private(self.path)
                conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
                conn.row_factory = sqlite3.Row
                conn.execute("PRAGMA busy_timeout = 30000")
                # WAL + NORMAL: a commit survives a crash of this process (not a power cut) and
                # costs no fsync; the outbox guards against duplicate sends, not disk loss.
                conn.execute("PRAGMA synchronous = NORMAL")
                self._conn, self._conn_pid = conn, os.getpid()
            yield self._conn

    def close(self) -> None:
        """Close this process's connection (it is opened again when needed)."""
        with self._lock:
            if self._conn is not None and self._conn_pid == os.getpid():
                self._conn.close()
            self._conn = None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken at once (BEGIN IMMEDIATE): no lost updates between writers.

        What the disk refuses (full, I/O error, read-only) is rolled back and raised as
        ``OutboxUnwritable``; a lock held past the busy timeout as ``OutboxBusy``.
        """
        with self._connect() as conn:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as exc:
                raise self._refused(exc) from None
            try:
                yield conn
                conn.execute("COMMIT")
            except (sqlite3.DatabaseError, OSError) as exc:  # full, I/O error, read-only, damaged
                self._rollback(conn)
                raise self._refused(exc) from None
            except BaseException:
                self._rollback(conn)
                raise

    def _refused(self, exc: sqlite3.DatabaseError | OSError) -> OutboxBusy | OutboxUnwritable:
        """The outbox error for a write SQLite or the disk refused."""
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return OutboxBusy(f"The outbox {self.path} is locked by another process ({exc}).")
        reason = getattr(exc, "strerror", None) or str(exc)
        return OutboxUnwritable(f"The outbox {self.path} cannot record ({reason}); disk full?")

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        """Undo an unfinished transaction; SQLite may already have rolled it back itself."""
        if not conn.in_transaction:
            return
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            log.debug("outbox rollback failed: %s", exc, extra={"operation": "outbox.rollback"})

    @staticmethod
    def _job(row: sqlite3.Row | None) -> Job | None:
        if row is None:
            return None
        return Job(
            key=row["key"],
            recipients=tuple(json.loads(row["recipients"])),
            subject=row["subject"],
            attachment_sha256=row["attachment_sha256"],
            message_id=row["message_id"],
            state=row["state"],
            attempts=row["attempts"],
            last_error=row["last_error"],
            retryable=bool(row["retryable"]),
            owner=row["owner"],
            claimed_at=row["claimed_at"],
            data_started_at=row["data_started_at"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            sent_at=row["sent_at"],
            reply=row["reply"],
            # A database an older release made, read without open(), lacks the column.
            filename=row["filename"] if "filename" in row.keys() else None,  # noqa: SIM118 (a Row)
        )

    def _get(self, conn: sqlite3.Connection, key: str) -> Job | None:
        return self._job(conn.execute("SELECT * FROM jobs WHERE key = ?", (key,)).fetchone())

    def _require(self, conn: sqlite3.Connection, key: str) -> Job:
        job = self._get(conn, key)
        if job is None:
            raise InputError(f"No outbox job {key[:12]}…; it may have been deleted.")
        return job

    # -- reading ------------------------------------------------------------------------

    def get(self, key: str) -> Job | None:
        """The job with this key, if any."""
        with self._connect() as conn:
            return self._get(conn, key)

    def by_id(self, job_id: str) -> Job:
        """The job whose key starts with ``job_id`` (as ``outbox list`` shows it); InputError else."""
        prefix = job_id.strip().lower()
        if len(prefix) < 4 or not _HEX.match(prefix):
            raise InputError(
                f"'{job_id.strip()}' is not an outbox job id; copy the id column of `outbox list`."
            )
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM jobs WHERE substr(key, 1, ?) = ? LIMIT 2", (len(prefix), prefix)
            ).fetchall()
        if not rows:
            raise InputError(f"No outbox job has the id {prefix}; `outbox list` shows the ids.")
        if len(rows) > 1:
            raise InputError(f"More than one outbox job starts with {prefix}; give more of the id.")
        job = self._job(rows[0])
        assert job is not None
        return job

    def find(self, recipients: Iterable[str], subject: str, attachment_sha256: str) -> Job | None:
        """The job for this message, if one exists (the UI's "already sent on ..." lookup)."""
        return self.get(job_key(recipients, subject, attachment_sha256))

    def jobs(self, states: Sequence[JobState] | None = None) -> list[Job]:
        """All jobs (optionally only in ``states``), oldest first."""
        with self._connect() as conn:
            if states:
                marks = ",".join("?" for _ in states)
                rows = conn.execute(
                    f"SELECT * FROM jobs WHERE state IN ({marks}) ORDER BY created_at, key", tuple(states)
                ).fetchall()
            else:
                rows = conn.execute("SELECT * FROM jobs ORDER BY created_at, key").fetchall()
        return [j for j in map(self._job, rows) if j is not None]

    def counts(self) -> dict[str, int]:
        """How many jobs per state (every state present, zeros included)."""
        with self._connect() as conn:
            rows = conn.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall()
        out = dict.fromkeys(JOB_STATES, 0)
        out.update({state: n for state, n in rows})
        return out

    # -- writing ------------------------------------------------------------------------

    def ensure(
        self,
        recipients: Sequence[str],
        subject: str,
        attachment_sha256: str,
        *,
        sender: str,
        message_id: str | None = None,
        filename: str | None = None,
    ) -> Job:
        """The job for this message: the existing one (any state) or a new pending one.

        A new job takes ``message_id`` when given (a message already built with it), else a
        fresh one in the sender's domain; an existing job keeps the one it has. ``filename``
        (the attachment's name) is only shown to people.
        """
        key = job_key(recipients, subject, attachment_sha256)
        now = self._clock()
        with self._write() as conn:
            job = self._get(conn, key)
            if job is not None:
                return job
            conn.execute(
                "INSERT INTO jobs (key, recipients, subject, attachment_sha256, message_id, state, "
                "created_at, updated_at, filename) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
                (
                    key,
                    json.dumps(list(recipients), ensure_ascii=False),
                    subject,
                    attachment_sha256,
                    message_id or new_message_id(sender),
                    now,
                    now,
                    filename,
                ),
            )
            return self._require(conn, key)

    def claim(self, key: str) -> tuple[bool, Job]:
        """Take the job for sending when it may be sent; return (claimed, the job as it is now).

        A job ``sending`` under a dead process (or past the lease) is taken over when its
        data had not started, and becomes ``unknown`` when it had.
        """
        now = self._clock()
        with self._write() as conn:
            job = self._require(conn, key)
            if job.state == "sending" and self._stale(job, now):
                if job.data_started_at is not None:
                    error = (
                        "the run sending it stopped after the message data began; check the "
                        "recipient's mailbox, then mark it sent or send it again"
                    )
                    conn.execute(
                        "UPDATE jobs SET state='unknown', last_error=?, retryable=0, owner=NULL, "
                        "updated_at=? WHERE key=?",
                        (error, now, key),
                    )
                    log.warning(
                        "outbox job left mid-send by a stopped run is now unknown",
                        extra={"operation": "outbox.recover", "recipient": ", ".join(job.recipients)},
                    )
                    return False, self._require(conn, key)
                log.info(
                    "outbox job left by a stopped run before its data is taken over",
                    extra={"operation": "outbox.recover", "recipient": ", ".join(job.recipients)},
                )
            elif not job.sendable:
                return False, job
            conn.execute(
                "UPDATE jobs SET state='sending', owner=?, claimed_at=?, data_started_at=NULL, "
                "updated_at=? WHERE key=?",
                (self._owner, now, now, key),
            )
            return True, self._require(conn, key)

    def being_sent(self, job: Job) -> bool:
        """Whether a live run is sending ``job`` now (its state ``sending``, its owner alive)."""
        return job.state == "sending" and not self._stale(job, self._clock())

    def _stale(self, job: Job, now: float) -> bool:
        if job.claimed_at is not None and now - job.claimed_at > self._lease_s:
            return True
        return not self._owner_alive(job.owner)

    def mark_data_started(self, key: str) -> None:
        """The body is about to be written: from now on a crash leaves the outcome unknown."""
        now = self._clock()
        with self._write() as conn:
            conn.execute("UPDATE jobs SET data_started_at=?, updated_at=? WHERE key=?", (now, now, key))

    def mark_sent(self, key: str, *, attempts: int, reply: str = "") -> Job:
        """The server accepted the message."""
        now = self._clock()
        return self._finish(
            key,
            "UPDATE jobs SET state='sent', attempts=attempts+?, sent_at=?, reply=?, last_error=NULL, "
            "owner=NULL, updated_at=? WHERE key=?",
            (attempts, now, reply, now, key),
        )

    def mark_failed(self, key: str, *, error: str, retryable: bool, attempts: int) -> Job:
        """Not sent; ``retryable`` says whether a later run may try again."""
        now = self._clock()
        return self._finish(
            key,
            "UPDATE jobs SET state='failed', attempts=attempts+?, last_error=?, retryable=?, owner=NULL, "
            "data_started_at=NULL, updated_at=? WHERE key=?",
            (attempts, error, int(retryable), now, key),
        )

    def mark_unknown(self, key: str, *, error: str, attempts: int) -> Job:
        """The server may or may not have accepted it; nobody resends it without the user."""
        now = self._clock()
        return self._finish(
            key,
            "UPDATE jobs SET state='unknown', attempts=attempts+?, last_error=?, retryable=0, owner=NULL, "
            "updated_at=? WHERE key=?",
            (attempts, error, now, key),
        )

    def release(self, key: str) -> Job:
        """Give a claimed job back (cancelled before any data was sent): pending again."""
        now = self._clock()
        return self._finish(
            key,
            "UPDATE jobs SET state='pending', owner=NULL, claimed_at=NULL, data_started_at=NULL, "
            "updated_at=? WHERE key=? AND state='sending'",
            (now, key),
        )

    def resolve_unknown(self, key: str, *, delivered: bool) -> Job:
        """The user checked: mark an unknown job sent, or put it back to be sent again (logged)."""
        now = self._clock()
        with self._write() as conn:
            job = self._require(conn, key)
            if job.state != "unknown":
                raise InputError(
                    f"The job {job.id} for {', '.join(job.recipients)} is {job.state}, not unknown; "
                    "only a job whose outcome is unknown can be resolved."
                )
            if delivered:
                conn.execute(
                    "UPDATE jobs SET state='sent', sent_at=COALESCE(data_started_at, ?), updated_at=? "
                    "WHERE key=?",
                    (now, now, key),
                )
            else:
                conn.execute(
                    "UPDATE jobs SET state='pending', retryable=1, data_started_at=NULL, updated_at=? "
                    "WHERE key=?",
                    (now, key),
                )
            resolved = self._require(conn, key)
        log.info(
            "outbox job %s resolved by the user: %s",
            job.id,
            "it arrived (sent)" if delivered else "send it again (pending)",
            extra={
                "operation": "outbox.resolve",
                "recipient": ", ".join(job.recipients),
                "file": job.filename,
            },
        )
        return resolved

    def _finish(self, key: str, sql: str, params: tuple[object, ...]) -> Job:
        with self._write() as conn:
            conn.execute(sql, params)
            return self._require(conn, key)


__all__ = ["ID_LENGTH", "JOB_STATES", "OUTBOX_FILE", "Job", "JobState", "Outbox", "job_key"]
