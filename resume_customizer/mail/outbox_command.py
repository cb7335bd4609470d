"""``python -m resume_customizer outbox list|resolve``: the outbox's jobs, and the user's word on
the ones whose outcome is unknown.

``outbox list [--state STATE] [--json]`` shows each job: its id (the start of its key), its
recipients, subject, attachment, state and when (sent, possibly sent, or last changed), with
the reason under a failed or unknown one. ``outbox resolve ID --delivered`` records that a
message whose outcome was unknown arrived (it is sent); ``--resend`` puts it back to pending,
so the next ``bulk --send`` sends it again, with the same Message-ID. Both are logged.

Exit status: 0, or 2 on bad input (no such job, a job that is not unknown).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import InputError
from ..guard.text import one_line
from .outbox import JOB_STATES, OUTBOX_FILE, Job, JobState, Outbox

_RESOLVE_HINT = (
    "unknown: the server may have accepted it; check the recipient's mailbox, then run "
    "`outbox resolve ID --delivered` (it arrived) or `outbox resolve ID --resend` (send it again)."
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``outbox`` command and its ``list`` and ``resolve`` actions."""
    p = subparsers.add_parser(
        "outbox",
        help="list the outbox's send jobs; say what became of one whose outcome is unknown",
        description="The outbox's send jobs: list them, and resolve those whose outcome is unknown.",
    )
    actions = p.add_subparsers(dest="outbox_action", metavar="ACTION", parser_class=type(p))
    actions.required = True

    listing = actions.add_parser(
        "list",
        help="every job: id, recipients, subject, file, state, time",
        description="List the outbox's jobs, oldest first.",
    )
    listing.add_argument(
        "--state",
        choices=JOB_STATES,
        action="append",
        help="only jobs in this state (repeatable), e.g. --state unknown",
    )
    listing.add_argument("--json", action="store_true", help="one JSON array of the jobs")
    _outbox_option(listing)
    listing.set_defaults(run=run_list)

    resolve = actions.add_parser(
        "resolve",
        help="say what became of a job whose outcome is unknown",
        description=(
            "Resolve a job whose outcome is unknown (the connection broke after the message data): "
            "check the recipient's mailbox, then say whether it arrived."
        ),
    )
    resolve.add_argument("job_id", metavar="ID", help="the job's id as `outbox list` shows it")
    answer = resolve.add_mutually_exclusive_group(required=True)
    answer.add_argument("--delivered", action="store_true", help="it arrived: mark the job sent")
    answer.add_argument(
        "--resend", action="store_true", help="it did not arrive: the next `bulk --send` sends it again"
    )
    _outbox_option(resolve)
    resolve.set_defaults(run=run_resolve)


def _outbox_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--outbox", type=Path, metavar="PATH", help=f"outbox database (default DATA_DIR/{OUTBOX_FILE})"
    )


def _path(args: argparse.Namespace, settings: Settings) -> Path:
    path: Path = args.outbox or settings.data_dir / OUTBOX_FILE
    return path


def _time(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def job_record(job: Job) -> dict[str, Any]:
    """A job as ``outbox list --json`` gives it."""
    return {
        "id": job.id,
        "key": job.key,
        "recipients": list(job.recipients),
        "subject": job.subject,
        "file": job.filename,
        "state": job.state,
        "time": datetime.fromtimestamp(job.when, UTC).isoformat(timespec="seconds"),
        "attempts": job.attempts,
        "last_error": job.last_error,
        "message_id": job.message_id,
    }


def job_lines(jobs: list[Job]) -> list[str]:
    """The jobs as a table: one line each (what people typed escaped), the reason under the
    failed and unknown ones, and what to do about unknown ones."""
    if not jobs:
        return []
    head = f"{'ID':12}  {'STATE':8}  {'TIME':20}  TO / FILE / SUBJECT"
    out = [head]
    for job in jobs:
        what = " / ".join(
            one_line(part) for part in (", ".join(job.recipients), job.filename or "-", job.subject)
        )
        out.append(f"{job.id:12}  {job.state:8}  {_time(job.when):20}  {what}")
        if job.state in ("failed", "unknown") and job.last_error:
            out.append(f"{'':12}  why: {one_line(job.last_error)}")
    if any(job.state == "unknown" for job in jobs):
        out.append(_RESOLVE_HINT)
    return out


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    """Print the outbox's jobs (optionally of some states), as a table or JSON."""
    path = _path(args, settings)
    states: list[JobState] | None = args.state
    jobs = Outbox(path).jobs(states) if path.is_file() else []  # read only: no file is created
    if args.json:
        json.dump([job_record(j) for j in jobs], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not jobs:
        which = f" {' or '.join(states)}" if states else ""
        where = "" if path.is_file() else " (it does not exist yet)"
        print(f"No{which} jobs in the outbox {path}{where}.")
        return 0
    print("\n".join(job_lines(jobs)))
    return 0


def run_resolve(args: argparse.Namespace, settings: Settings) -> int:
    """Mark an unknown job sent (--delivered) or pending again (--resend); logged by the outbox."""
    path = _path(args, settings)
    if not path.is_file():
        raise InputError(f"There is no outbox at {path}; pass --outbox PATH (the one bulk used).")
    outbox = Outbox.open(path)
    job = outbox.by_id(args.job_id)
    done = outbox.resolve_unknown(job.key, delivered=bool(args.delivered))
    who = one_line(", ".join(done.recipients))
    if args.delivered:
        print(f"Job {done.id} to {who} is marked sent: it arrived. It will not be sent again.")
    else:
        print(f"Job {done.id} to {who} is pending again: the next `bulk --send` sends it (same Message-ID).")
    return 0


__all__ = ["job_lines", "job_record", "register", "run_list", "run_resolve"]
