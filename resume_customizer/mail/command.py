"""``python -m resume_customizer bulk MANIFEST.csv ...``: tailor and email many resumes.

A dry run unless ``--send``: without it every message is written as an .eml file (to
``--dry-run OUTDIR``, or a new folder under DATA_DIR/dry-run) and nothing is sent, as the
page and mailmerge do.

The manifest is a CSV with a header row: ``resume, stack, recipient, subject`` and optionally
``body``, ``projects`` and ``name``. ``resume`` is a .docx path and ``stack`` a .txt path (or the stack
text itself), both relative to the manifest and confined to its folder: a path that leads
out of it (absolute, ``..``, a symlink) fails its row unless ``--allow-outside DIR`` names a
folder that holds it, so a manifest cannot mail out /etc/passwd. Only regular files are
read (a FIFO or a device fails its row instead of blocking the run). ``projects`` ("1,3,4",
as ``detect`` numbers them) picks the projects that receive the points (empty: the first
N). ``name`` is the candidate's name for {name} (empty: the name at the top of the resume,
else the file name). Subject and body may use {name}, {filename}, {techs}, {date}.
What spreadsheets save is read as they meant it (see ``read_manifest``); what cannot be read
is refused in one line naming the fix, and a row's own problem fails that row alone.
The password never appears on the command line: ``--password-env VAR`` names the
environment variable that holds it (or set ``RESUME_CUSTOMIZER_SMTP_PASSWORD``).

Exit status: 0 when every row was sent (or skipped as already sent, or written in a dry
run), 1 when any failed or its outcome is unknown, 2 on bad input.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import hashlib
import io
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path, PureWindowsPath

from ..config import SECURITY_MODES, Secret, Settings, UploadLimits, env_value
from ..errors import InputError
from ..guard.files import NotRegularFile, private_dir, read_regular
from ..guard.text import one_line
from ..resume.plan import parse_pick
from ..stack import decode_stack_bytes
from .bulk import BulkEvent, BulkItem, engine_tailor, run_bulk, smtp_sender_factory
from .message import DEFAULT_BODY, DEFAULT_SUBJECT, parse_recipients
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
MAX_MANIFEST_ROWS = 10_000
# Header names as recruiters write them, compared after _column_key (case, spaces, - and _ ignored).
_ALIASES = {
    "resume": ("resume", "résumé", "resume file", "resume path", "cv", "cv file"),
    "stack": ("stack", "tech stack", "stack file", "technologies"),
    "recipient": (
        "recipient", "recipients", "recipient email", "recipient emails", "recipient address",
        "email", "emails", "e mail", "email address", "to",
    ),
    "subject": ("subject", "subject line", "email subject"),
    "body": ("body", "message", "email body", "message body"),
    "projects": ("projects", "project", "pick", "projects to tailor", "project numbers"),
    "name": ("name", "candidate", "candidate name", "full name", "name of candidate"),
}  # fmt: skip
_COLUMN_OF = {alias: column for column, aliases in _ALIASES.items() for alias in aliases}
_DELIMITERS = (",", ";", "\t", "|")
_SEP_LINE = re.compile(r'\s*"?sep=(.)"?[,;\t|]*\s*', re.IGNORECASE)
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx/.ods (zip), .xls (OLE2)
_HEADER_HELP = "resume,stack,recipient,subject,body,projects,name (body, projects and name optional)"


def _read_bounded(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it holds more than ``max_bytes``; ``NotRegularFile`` for a
    FIFO (reading it would block forever), a device (/dev/zero never ends) or a folder."""
    return read_regular(path, max_bytes)


def _column_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", name.strip().casefold()).strip(" :*")


def _decode_manifest(raw: bytes, name: str, notes: list[str]) -> str:
    """The manifest's text: UTF-8 (with or without Excel's BOM), UTF-16 with a BOM (Excel's
    "Unicode Text"), or else Windows-1252 (older Excel's "CSV"), which is noted."""
    if raw.startswith(_SPREADSHEET_MAGIC):
        raise InputError(
            f"The manifest {name} is a spreadsheet file, not CSV; save it as 'CSV UTF-8' (Excel) "
            "or 'Comma-separated values' (Google Sheets, LibreOffice)."
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        if b"\x00" not in raw:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                pass
            else:
                notes.append(
                    f"{name} is not UTF-8; it was read as Windows-1252 (Western European). If names "
                    "or subjects look wrong in a dry run, save it as 'CSV UTF-8' instead."
                )
                return text
    raise InputError(f"The manifest {name} is not text in a known encoding; save it as 'CSV UTF-8'.")


def _split_dialect(text: str) -> tuple[str, str]:
    """(delimiter, text without Excel's "sep=;" line). Without that line the delimiter is the
    one (comma, semicolon, tab or bar) that makes the header name the most known columns."""
    first, _, rest = text.partition("\n")
    m = _SEP_LINE.fullmatch(first)
    if m:
        return m.group(1), rest

    def score(delimiter: str) -> int:
        header = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
        return len({_COLUMN_OF.get(_column_key(c)) for c in header} - {None})

    return max(_DELIMITERS, key=score), text  # ties keep the earlier: comma first


def _columns(fieldnames: Sequence[str] | None, name: str) -> dict[str, str]:
    """Our column -> the header's own name for it; InputError when the header cannot be used."""
    header = [f for f in (fieldnames or []) if f and f.strip()]
    found: dict[str, str] = {}
    for field in header:
        column = _COLUMN_OF.get(_column_key(field))
        if column is None:
            continue  # an extra column (notes, status...): ignored
        if column in found:
            raise InputError(
                f"The manifest {name} has two {column} columns ('{found[column].strip()}' and "
                f"'{field.strip()}'); rename or delete one."
            )
        found[column] = field
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if not missing:
        return found
    if any("@" in f or f.strip().lower().endswith(".docx") for f in header):
        raise InputError(f"The first line of {name} is data, not a header; add a first line: {_HEADER_HELP}.")
    shown = ", ".join(f"'{f.strip()}'" for f in header[:8]) or "nothing"
    raise InputError(
        f"The manifest {name} lacks column(s) {', '.join(missing)} (its header has {shown}); "
        f"the header must name {_HEADER_HELP}."
    )


def _local_path(value: str, base: Path, label: str, what: str) -> Path:
    """A path from the manifest: relative to it, Windows backslashes accepted, quotes dropped."""
    name = value.strip().strip('"').strip()
    if os.sep != "\\":
        if PureWindowsPath(name).drive:
            raise InputError(
                f"{label}: the {what} {name} is a Windows path this computer cannot open; put the file "
                "in the manifest's folder (or below it) and write the path relative to the manifest."
            )
        name = name.replace("\\", "/")
    path = Path(name)
    return path if path.is_absolute() else base / path


def _confine(path: Path, roots: Sequence[Path], label: str, what: str, shown: str) -> None:
    """Refuse a path that leads out of the manifest's folder (``roots[0]``) and the allowed roots.

    Symlinks are resolved first: a link in the folder to /etc/passwd is outside too.
    """
    real = path.resolve()
    if any(real.is_relative_to(root) for root in roots):
        return
    raise InputError(
        f"{label}: the {what} {shown} is outside the manifest's folder; move it there or pass "
        "--allow-outside DIR with the folder that holds it."
    )


def _not_a_file(label: str, what: str, shown: str, exc: NotRegularFile, want: str) -> InputError:
    return InputError(f"{label}: the {what} {shown} is {exc.kind}, not a file; name the {want} file.")


def _read_stack(
    value: str, base: Path, label: str, max_chars: int, cache: dict[Path, str], roots: Sequence[Path]
) -> str:
    """The stack column: a path to a text file (relative to the manifest) or the text itself."""
    text = value.strip()
    if not text:
        raise InputError(f"{label}: the stack column is empty; give a .txt file or the stack text itself.")
    if "\n" in text or len(text) >= 260:
        return value
    names_a_file = text.lower().endswith(_STACK_SUFFIXES)
    try:
        path = _local_path(text, base, label, "stack")
    except InputError:
        if names_a_file:
            raise
        return value  # "C: pointers, Python" is stack text, not a Windows path
    if not (names_a_file or path.is_file()):
        return value
    if path in cache:
        return cache[path]
    _confine(path, roots, label, "stack", text)
    if path.is_dir():
        raise InputError(f"{label}: the stack {text} is a folder, not a file; name the .txt file in it.")
    try:
        data = _read_bounded(path, max_chars * 4)
    except NotRegularFile as exc:
        raise _not_a_file(label, "stack", text, exc, ".txt") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read stack file {path}: {exc.strerror or exc}.") from None
    if data is None:
        raise InputError(f"{label}: stack file {path} is over {max_chars} characters; shorten it.")
    cache[path] = decode_stack_bytes(data, source=str(path))
    return cache[path]


def _read_pick(value: str, label: str) -> tuple[int, ...] | None:
    """The projects column: "1,3,4" (or "2-4"), as ``detect`` numbers them; empty for the first N."""
    try:
        return parse_pick(value.strip().strip('"'))
    except ValueError as exc:
        raise InputError(
            f"{label}: the projects column '{value.strip()}' is not a list of project numbers ({exc}); "
            "write them like 1,3,4 (numbers from detect), or leave it empty for the first projects."
        ) from None


def _read_resume(
    value: str, base: Path, label: str, limits: UploadLimits, cache: dict[Path, bytes], roots: Sequence[Path]
) -> bytes:
    if not value.strip():
        raise InputError(f"{label}: the resume column is empty.")
    path = _local_path(value, base, label, "resume")
    if path in cache:  # the same resume on many rows is read (and held) once
        return cache[path]
    _confine(path, roots, label, "resume", value.strip())
    if path.is_dir():
        raise InputError(
            f"{label}: the resume {value.strip()} is a folder, not a file; name the .docx in it."
        )
    try:
        data = _read_bounded(path, int(limits.max_file_mb * 1024 * 1024))
    except NotRegularFile as exc:
        raise _not_a_file(label, "resume", value.strip(), exc, ".docx") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read resume {path}: {exc.strerror or exc}.") from None
    if data is None:
        raise InputError(
            f"{label}: {value.strip()} is larger than {limits.max_file_mb:g} MB; "
            "remove large images from it or compress them."
        )
    cache[path] = data
    return data


def read_manifest(
    path: Path,
    *,
    limits: UploadLimits | None = None,
    notes: list[str] | None = None,
    allow_outside: Sequence[Path] = (),
) -> list[BulkItem]:
    """Rows of a bulk manifest as items; a row's own problem (missing file...) stays in the item.

    Reads what spreadsheets save: UTF-8 with or without a BOM, UTF-16 with a BOM, Windows-1252;
    comma, semicolon, tab or bar delimiters and Excel's ``sep=;`` line; header names in any case
    and common aliases ("Recipient Email", "E-mail", "To", "Subject line"); unknown columns are
    ignored. Rows are numbered as a spreadsheet shows them (header = row 1). A row repeating an
    earlier one exactly is left out; what was decided about the file is appended to ``notes``.
    The files a row names must be in the manifest's folder (symlinks resolved) or in one of
    ``allow_outside``; a row naming another fails alone.
    """
    limits = limits or UploadLimits()
    notes = notes if notes is not None else []
    try:
        raw = _read_bounded(path, MAX_MANIFEST_BYTES)
    except NotRegularFile as exc:
        raise InputError(
            f"The manifest {path} is {exc.kind}, not a file; give the path of the .csv file."
        ) from None
    except OSError as exc:
        raise InputError(f"Cannot read the manifest {path}: {exc.strerror or exc}.") from None
    if raw is None:
        raise InputError(
            f"The manifest {path} is over {MAX_MANIFEST_BYTES // 2**20} MB; split it into several manifests."
        )
    delimiter, text = _split_dialect(_decode_manifest(raw, path.name, notes))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = _columns(reader.fieldnames, path.name)
        rows = list(enumerate(reader, start=2))
    except csv.Error as exc:
        raise InputError(
            f"The manifest {path.name} is not valid CSV (line {reader.line_num}: {exc})."
        ) from None
    base = path.parent
    roots = [base.resolve(), *(Path(root).resolve() for root in allow_outside)]
    resumes: dict[Path, bytes] = {}
    stacks: dict[Path, str] = {}
    seen: dict[tuple[object, ...], tuple[int, str]] = {}
    items: list[BulkItem] = []
    for row_no, row in rows:
        values = {k: (row.get(orig) or "") for k, orig in columns.items()}
        extra = [c for c in row.get(None) or [] if c.strip()]  # type: ignore[call-overload]
        if not any(v.strip() for v in values.values()) and not extra:
            continue
        label = f"row {row_no}"
        resume_name = values["resume"].strip().strip('"').strip()
        subject = values["subject"].strip() or DEFAULT_SUBJECT
        body = values.get("body", "").replace("\r\n", "\n").strip() or DEFAULT_BODY
        problem: str | None = None
        data = b""
        stack_text = ""
        pick: tuple[int, ...] | None = None
        try:
            if extra:
                raise InputError(
                    f"{label} has more cells than the header; a comma or semicolon inside a subject "
                    "or body must be within double quotes (spreadsheets do this when they save)."
                )
            pick = _read_pick(values.get("projects", ""), label)
            data = _read_resume(values["resume"], base, label, limits, resumes, roots)
            stack_text = _read_stack(values["stack"], base, label, limits.max_stack_chars, stacks, roots)
            if not values["recipient"].strip():
                raise InputError(f"{label}: the recipient column is empty.")
            try:
                recipients = tuple(sorted(a.casefold() for a in parse_recipients(values["recipient"])))
            except InputError as exc:
                raise InputError(f"{label}: {exc.message}") from None
            # The outbox keys a send by recipients, subject and resume: two rows alike in those
            # are one email. Exactly the same row: read once; a different body: ambiguous.
            # The same key as the outbox's: the resume's content (not its path), the set of
            # recipients, the subject with its spaces collapsed; and the picked projects, which
            # make another tailored file.
            key = (
                hashlib.sha256(data).digest(),
                stack_text,
                pick,
                tuple(sorted(set(recipients))),
                " ".join(subject.split()),
            )
            first, first_body = seen.setdefault(key, (row_no, body))
            if first != row_no:
                if first_body != body:
                    raise InputError(
                        f"{label}: same resume, stack, recipient and subject as row {first} but another "
                        "body; only one email goes to them: delete one row or change its subject."
                    )
                notes.append(f"{label} repeats row {first} exactly; it is left out (one email, not two).")
                continue
        except InputError as exc:
            problem = exc.message
        items.append(
            BulkItem(
                resume=data,
                filename=PureWindowsPath(resume_name).name or "resume.docx",
                stack_text=stack_text,
                recipients=values["recipient"],
                subject=subject,
                body=body,
                label=label,
                problem=problem,
                pick=pick,
                name=" ".join(values.get("name", "").split()) or None,
            )
        )
        if len(items) > MAX_MANIFEST_ROWS:
            raise InputError(f"The manifest {path.name} has over {MAX_MANIFEST_ROWS} rows; split it.")
    if not items:
        raise InputError(f"The manifest {path.name} has no rows; add one row per resume to send.")
    return items


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``bulk`` command."""
    p = subparsers.add_parser(
        "bulk",
        help="tailor and email many resumes listed in a CSV manifest (a dry run unless --send)",
        description=(
            "Tailor and email many resumes listed in a CSV manifest. A dry run unless --send: the "
            "messages are written as .eml files (to --dry-run OUTDIR, or a new folder under "
            "DATA_DIR/dry-run) and nothing is sent; read them, then add --send."
        ),
    )
    p.add_argument(
        "manifest",
        type=Path,
        metavar="MANIFEST.csv",
        help="resume, stack, recipient, subject[, body][, projects]",
    )
    p.add_argument("--smtp-host", help="SMTP server host (default: smtp.host setting)")
    p.add_argument("--smtp-port", type=int, help="SMTP server port (default: smtp.port setting)")
    p.add_argument("--security", choices=SECURITY_MODES, help="ssl (465), starttls (587) or plain")
    p.add_argument(
        "--sender", help='From address, a name too: "José Pérez <jose@example.com>" (default: smtp.sender)'
    )
    p.add_argument(
        "--ca-file",
        metavar="PEM",
        help="also trust this CA certificate (a company relay's private CA; default: smtp.ca_file)",
    )
    p.add_argument("--user", help="SMTP user name (default: smtp.username setting)")
    p.add_argument("--password-env", metavar="VAR", help="environment variable holding the SMTP password")
    p.add_argument(
        "--send", action="store_true", help="send for real (without it: a dry run, nothing is sent)"
    )
    p.add_argument(
        "--dry-run",
        type=Path,
        metavar="OUTDIR",
        help="write the dry run's .eml files to OUTDIR (default: a new folder under DATA_DIR/dry-run)",
    )
    p.add_argument(
        "--allow-outside",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="also read resumes and stacks from DIR (repeatable); by default only the manifest's folder",
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
        ca_file=args.ca_file,
    ).validate()


def _progress(event: BulkEvent) -> None:
    if event.state in ("sent", "failed", "unknown", "skipped", "written", "cancelled"):
        # The detail quotes what the user typed (addresses, file names): one event, one line.
        detail = f": {one_line(event.detail)}" if event.state not in ("sent",) and event.detail else ""
        print(f"[{event.done}/{event.total}] {event.state} item {event.index + 1}{detail}", file=sys.stderr)


def _dry_run_folder(data_dir: Path) -> Path:
    """A new folder for this dry run's messages under DATA_DIR/dry-run, readable by the owner only."""
    parent = data_dir / "dry-run"
    try:
        private_dir(parent)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        return Path(tempfile.mkdtemp(prefix=f"cli-{stamp}-", dir=parent))  # mkdtemp: mode 0700
    except OSError as exc:
        raise InputError(
            f"Cannot create a dry-run folder in {parent}: {exc.strerror or exc}; pass --dry-run OUTDIR."
        ) from None


def run(args: argparse.Namespace, settings: Settings) -> int:
    """A dry run (the default) or, with ``--send``, a bulk send; print the summary; return the exit status."""
    if args.send and args.dry_run is not None:
        raise InputError("--send sends, --dry-run writes the messages instead: pass one of them, not both.")
    sender = args.sender or settings.smtp.sender
    if not sender:
        raise InputError("No sender address; pass --sender you@example.com or set smtp.sender.")
    workers = args.workers if args.workers is not None else settings.bulk.workers
    if not 1 <= workers <= 32:
        raise InputError("--workers must be between 1 and 32.")
    rate = parse_rate(args.rate) if args.rate else settings.bulk.rate_per_minute
    notes: list[str] = []
    items = read_manifest(
        args.manifest, limits=settings.limits, notes=notes, allow_outside=args.allow_outside
    )
    outbox_path = args.outbox or settings.data_dir / OUTBOX_FILE
    dry_run_dir: Path | None = None
    if not args.send:
        # Only read, to mark what was already sent: a dry run creates no outbox.
        outbox = Outbox.open(outbox_path) if outbox_path.is_file() else None
        make_sender = None
        dry_run_dir = args.dry_run if args.dry_run is not None else _dry_run_folder(settings.data_dir)
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
        dry_run_dir=dry_run_dir,
        on_event=_progress,
    )
    lines = [*summary.lines(), *(f"  note      {one_line(n)}" for n in notes)]
    if dry_run_dir is not None:
        written = summary.counts.get("written", 0)
        lines.append(
            f"dry run: {written} message(s) written to {one_line(str(dry_run_dir))}; nothing was sent; "
            "add --send to send."
        )
    print("\n".join(lines))
    return summary.exit_code


__all__ = ["parse_rate", "read_manifest", "register", "run"]
