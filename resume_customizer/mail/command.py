"""``python -m resume_customizer bulk MANIFEST.csv ...``: tailor and email many resumes.

The manifest is a CSV with a header row: ``resume, stack, recipient, subject`` and optionally
``body``. ``resume`` is a .docx path and ``stack`` a .txt path (or the stack text itself),
both relative to the manifest. Subject and body may use {name}, {filename}, {techs}, {date}.
The password never appears on the command line: ``--password-env VAR`` names the
environment variable that holds it (or set ``RESUME_CUSTOMIZER_SMTP_PASSWORD``).

Exit status: 0 when every row was sent (or skipped as already sent, or written in a dry
run), 1 when any failed or its outcome is unknown, 2 on bad input.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from ..config import SECURITY_MODES, Secret, Settings, UploadLimits, env_value
from ..errors import InputError
from ..stack import decode_stack_bytes
from .bulk import BulkEvent, BulkItem, engine_tailor, run_bulk, smtp_sender_factory
from .message import DEFAULT_BODY, DEFAULT_SUBJECT
from .outbox import OUTBOX_FILE, Outbox
from .transport import SmtpConfig

REQUIRED_COLUMNS = ("resume", "stack", "recipient", "subject")
_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:/\s*(s|sec|m|min|h|hour))?\s*$", re.IGNORECASE)
_PER_MINUTE = {None: 1.0, "s": 60.0, "sec": 60.0, "m": 1.0, "min": 1.0, "h": 1 / 60, "hour": 1 / 60}
_STACK_SUFFIXES = (".txt", ".md", ".text")


def parse_rate(text: str) -> float:
    """``"30"``, ``"30/min"``, ``"1/s"`` or ``"600/h"`` -> messages per minute."""
    m = _RATE.match(text)
    if not m:
        raise InputError(f"--rate '{text}' is not a rate; write messages per minute like 30/min.")
    unit = m.group(2).lower() if m.group(2) else None
    return float(m.group(1)) * _PER_MINUTE[unit]


MAX_MANIFEST_BYTES = 10 * 1024 * 1024


def _read_bounded(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it holds more than ``max_bytes`` (read no further: a
    device such as /dev/zero reports no size and never ends)."""
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def _read_stack(value: str, base: Path, row: int, max_chars: int) -> str:
    """The stack column: a path to a text file (relative to the manifest) or the text itself."""
    text = value.strip()
    looks_like_path = "\n" not in text and len(text) < 260 and text.lower().endswith(_STACK_SUFFIXES)
    if looks_like_path or (text and "\n" not in text and (base / text).is_file()):
        path = base / text
        try:
            data = _read_bounded(path, max_chars * 4)
            if data is None:
                raise InputError(f"row {row}: stack file {path} is over {max_chars} characters; shorten it.")
            return decode_stack_bytes(data, source=str(path))
        except OSError as exc:
            raise InputError(f"row {row}: cannot read stack file {path}: {exc.strerror or exc}.") from None
    return value


def read_manifest(path: Path, *, limits: UploadLimits | None = None) -> list[BulkItem]:
    """Rows of a bulk manifest as items; a row's own problem (missing file...) stays in the item."""
    limits = limits or UploadLimits()
    try:
        raw = _read_bounded(path, MAX_MANIFEST_BYTES)
        if raw is None:
            raise InputError(f"The manifest {path} is over 10 MB; split it into several manifests.")
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"Cannot read the manifest {path}: {exc.strerror or exc}.") from None
    except UnicodeDecodeError:
        raise InputError(f"The manifest {path} is not UTF-8 text; save it as UTF-8 CSV.") from None
    reader = csv.DictReader(text.splitlines(keepends=True))
    columns = {(c or "").strip().lower(): c for c in (reader.fieldnames or [])}
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InputError(
            f"The manifest {path.name} lacks column(s) {', '.join(missing)}; "
            f"the header must name {', '.join(REQUIRED_COLUMNS)} (and optionally body)."
        )
    base = path.parent
    items: list[BulkItem] = []
    max_bytes = int(limits.max_file_mb * 1024 * 1024)
    for row_no, row in enumerate(reader, start=2):
        values = {k: (row.get(orig) or "") for k, orig in columns.items()}
        if not any(v.strip() for v in values.values()):
            continue
        label = f"row {row_no}"
        resume_name = values["resume"].strip()
        problem: str | None = None
        data = b""
        stack_text = ""
        try:
            if not resume_name:
                raise InputError(f"{label}: the resume column is empty.")
            resume_path = base / resume_name
            try:
                read = _read_bounded(resume_path, max_bytes)
                if read is None:
                    raise InputError(
                        f"{label}: {resume_name} is larger than {limits.max_file_mb:g} MB; "
                        "remove large images from it or compress them."
                    )
                data = read
            except OSError as exc:
                raise InputError(
                    f"{label}: cannot read resume {resume_path}: {exc.strerror or exc}."
                ) from None
            stack_text = _read_stack(values["stack"], base, row_no, limits.max_stack_chars)
            if not values["recipient"].strip():
                raise InputError(f"{label}: the recipient column is empty.")
        except InputError as exc:
            problem = exc.message
        items.append(
            BulkItem(
                resume=data,
                filename=Path(resume_name).name or "resume.docx",
                stack_text=stack_text,
                recipients=values["recipient"],
                subject=values["subject"].strip() or DEFAULT_SUBJECT,
                body=values.get("body", "").strip() or DEFAULT_BODY,
                label=label,
                problem=problem,
            )
        )
    if not items:
        raise InputError(f"The manifest {path.name} has no rows; add one row per resume to send.")
    if len(items) > 10_000:
        raise InputError(f"The manifest {path.name} has {len(items)} rows; split it below 10000.")
    return items


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``bulk`` command."""
    p = subparsers.add_parser(
        "bulk",
        help="tailor and email many resumes listed in a CSV manifest",
        description="Tailor and email many resumes listed in a CSV manifest; try --dry-run OUTDIR first.",
    )
    p.add_argument(
        "manifest", type=Path, metavar="MANIFEST.csv", help="resume, stack, recipient, subject[, body]"
    )
    p.add_argument("--smtp-host", help="SMTP server host (default: smtp.host setting)")
    p.add_argument("--smtp-port", type=int, help="SMTP server port (default: smtp.port setting)")
    p.add_argument("--security", choices=SECURITY_MODES, help="ssl (465), starttls (587) or plain")
    p.add_argument("--sender", help="From address (default: smtp.sender setting)")
    p.add_argument("--user", help="SMTP user name (default: smtp.username setting)")
    p.add_argument("--password-env", metavar="VAR", help="environment variable holding the SMTP password")
    p.add_argument(
        "--dry-run", type=Path, metavar="OUTDIR", help="write .eml files to OUTDIR instead of sending"
    )
    p.add_argument("--workers", type=int, help="parallel workers, one SMTP connection each (default 4)")
    p.add_argument("--rate", help="cap in messages per minute, e.g. 30/min (default: none)")
    p.add_argument(
        "--outbox", type=Path, metavar="PATH", help=f"outbox database (default DATA_DIR/{OUTBOX_FILE})"
    )
    p.set_defaults(run=run)


def _smtp_config(args: argparse.Namespace, settings: Settings) -> SmtpConfig:
    password: Secret | None = None
    if args.password_env:
        value = env_value(args.password_env)
        if value is None:
            raise InputError(f"The environment variable {args.password_env} (--password-env) is not set.")
        password = Secret(value)
    return SmtpConfig.from_settings(
        settings.smtp,
        host=args.smtp_host,
        port=args.smtp_port,
        security=args.security,
        username=args.user,
        password=password,
    ).validate()


def _progress(event: BulkEvent) -> None:
    if event.state in ("sent", "failed", "unknown", "skipped", "written", "cancelled"):
        detail = f": {event.detail}" if event.state not in ("sent",) and event.detail else ""
        print(f"[{event.done}/{event.total}] {event.state} item {event.index + 1}{detail}", file=sys.stderr)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run a bulk send (or dry run); print the summary; return the exit status."""
    sender = args.sender or settings.smtp.sender
    if not sender:
        raise InputError("No sender address; pass --sender you@example.com or set smtp.sender.")
    workers = args.workers if args.workers is not None else settings.bulk.workers
    if not 1 <= workers <= 32:
        raise InputError("--workers must be between 1 and 32.")
    rate = parse_rate(args.rate) if args.rate else settings.bulk.rate_per_minute
    items = read_manifest(args.manifest, limits=settings.limits)
    outbox_path = args.outbox or settings.data_dir / OUTBOX_FILE
    if args.dry_run is not None:
        outbox = Outbox(outbox_path) if outbox_path.is_file() else None  # read only: no file created
        make_sender = None
    else:
        outbox = Outbox.open(outbox_path)
        make_sender = smtp_sender_factory(
            _smtp_config(args, settings), retry=settings.retry, breaker=settings.breaker
        )
    summary = run_bulk(
        items,
        sender=sender,
        outbox=outbox,
        make_sender=make_sender,
        tailor=engine_tailor(settings.tailor.projects),
        workers=workers,
        rate_per_minute=rate,
        dry_run_dir=args.dry_run,
        on_event=_progress,
    )
    print("\n".join(summary.lines()))
    return summary.exit_code


__all__ = ["parse_rate", "read_manifest", "register", "run"]
