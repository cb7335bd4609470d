"""CLI commands over the engine: ``detect``, ``tailor`` and ``coverage``."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..config import Settings
from ..coverage import coverage, gather_keywords
from ..errors import InputError, InvalidDocument
from ..guard.files import NotRegularFile, read_regular
from ..stack import StackParse, decode_stack_bytes, parse_stack_report
from .document import ResumeDocument
from .lists import BulletList, bullet_lists
from .name import candidate_name
from .plan import parse_pick
from .tailor import TailorOptions, detect_projects, explain_resume, no_projects_message, survey, tailor
from .template_link import upload_notes


def _size(n: float) -> str:
    """A byte count as people read it: 200 KB, 1.5 MB, 50 MB."""
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    mb = n / 1024 / 1024
    return f"{mb:.1f} MB" if mb < 10 and mb != int(mb) else f"{mb:.0f} MB"


def read_input(path: str, *, what: str, max_bytes: int, advice: str) -> bytes:
    """Read a user-named input file, with a clear message for every way it can fail.

    ``advice`` finishes the message of a file over ``max_bytes`` (what to do about it). Only a
    regular file is read: a FIFO (which would block forever) or a device is refused at once.
    """
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        where = f"{what} on standard input"
    else:
        where = f"{what} {path}"
        p = Path(path)
        try:
            if p.is_dir():
                raise InputError(f"{what} {path} is a folder; give the path of a file.")
            info = p.stat()
            if info.st_size > max_bytes and stat.S_ISREG(info.st_mode):
                raise InvalidDocument(
                    f"{where} is {_size(info.st_size)}, above the {_size(max_bytes)} limit; {advice}."
                )
            read = read_regular(p, max_bytes)
            if read is None:  # it grew after the stat
                raise InvalidDocument(f"{where} is larger than the {_size(max_bytes)} limit; {advice}.")
            data = read
        except NotRegularFile as exc:
            raise InputError(f"{what} {path} is {exc.kind}, not a file; give the path of a file.") from None
        except FileNotFoundError:
            raise InputError(f"{what} {path} does not exist; check the path.") from None
        except PermissionError:
            raise InputError(f"{what} {path} cannot be read (permission denied).") from None
        except OSError as exc:
            raise InputError(f"{what} {path} cannot be read: {exc.strerror or exc}.") from None
    if len(data) > max_bytes:
        raise InvalidDocument(f"{where} is larger than the {_size(max_bytes)} limit; {advice}.")
    return data


def _check_output(path: str, inputs: Sequence[str]) -> Path:
    """The output path, when writing there is sane: a file (new or regular) in an existing folder,
    and not one of the inputs (a failed or partial run must never cost the user the original)."""
    if not path.strip():
        raise InputError("The output path is empty; give a file name such as out.docx.")
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"The output folder {folder} does not exist; create it or choose another path.")
    if target.is_dir():
        raise InputError(f"The output path {path} is a folder; give a file name such as out.docx.")
    if target.exists():
        if not target.is_file():
            raise InputError(
                f"The output path {path} is not a regular file (a device or a pipe); choose a file name."
            )
        for source in inputs:
            if source != "-" and os.path.exists(source) and os.path.samefile(source, target):
                raise InputError(
                    f"The output path {path} is the input file itself; write to another file so the "
                    "original stays as it is."
                )
    return target


def write_outputs(files: Sequence[tuple[str, bytes]], *, inputs: Sequence[str] = ()) -> None:
    """Write each (path, data) through a temporary file and a rename: all of them or none.

    Every path is checked first and every temporary file written before any is renamed over
    its target, so a failure (a folder without write permission, a full disk) leaves no file
    half-written and no earlier output replaced. A new file gets the usual permissions (the
    umask's), a replaced one keeps its own.
    """
    targets = [_check_output(path, inputs) for path, _ in files]
    if len({t.resolve() for t in targets}) != len(targets):
        raise InputError("Two outputs are the same file; give each its own path.")
    staged: list[tuple[str, Path]] = []
    try:
        for (path, data), target in zip(files, targets, strict=True):
            folder = target.parent if str(target.parent) else Path(".")
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            except OSError as exc:
                raise InputError(
                    f"Cannot write {path}: {exc.strerror or exc}; choose a folder you can write to."
                ) from None
            staged.append((tmp, target))
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, _mode_for(target))
            except OSError as exc:
                raise InputError(f"Cannot write {path}: {exc.strerror or exc}.") from None
        done: list[str] = []
        for (path, _), (tmp, target) in zip(files, staged, strict=True):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                written = f" ({', '.join(done)} was written)" if done else ""
                raise InputError(
                    f"Cannot write {path}: {exc.strerror or exc}{written}; choose a file you can replace."
                ) from None
            done.append(path)
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


def _mode_for(target: Path) -> int:
    """A replaced file keeps its mode; a new one gets 0o666 less the umask (mkstemp's is 0o600)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomically(path: str, data: bytes, *, inputs: Sequence[str] = ()) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half a file."""
    write_outputs([(path, data)], inputs=inputs)


_RESUME_ADVICE = "remove large images from it or compress them"
_STACK_ADVICE = "a stack is text; split it into several runs"


def _max_bytes(settings: Settings) -> int:
    return int(settings.limits.max_file_mb * 1024 * 1024)


def run_detect(args: argparse.Namespace, settings: Settings) -> int:
    """``detect RESUME [--json]``: the candidate's name, then the projects found with their bullet counts."""
    data = read_input(args.resume, what="Resume", max_bytes=_max_bytes(settings), advice=_RESUME_ADVICE)
    # Guarded and parsed once, here at the edge; every step below reads the same document.
    document = ResumeDocument.open(data, limits=settings.limits, filename=Path(args.resume).name)
    if getattr(args, "explain", False):
        return _print_explanation(document, args, settings)
    projects = detect_projects(document, limits=settings.limits, filename=Path(args.resume).name)
    # The document passed the guard: say what tailoring will remove.
    for note in upload_notes(document.package):
        print(f"note: {note}", file=sys.stderr)
    lists: tuple[BulletList, ...] = ()
    if args.lists or not projects:
        lists = survey(document, limits=settings.limits, filename=Path(args.resume).name).lists
    # Detection walked the paragraphs already: the name costs a look at the top only.
    candidate = candidate_name(document, paras=document.analysis().detection.paras)
    if args.json:
        report: dict[str, Any] = {"candidate": candidate, "projects": [p.as_dict() for p in projects]}
        if args.lists:
            report["lists"] = [bl.as_dict() for bl in lists]
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(f"Candidate: {candidate}" if candidate else "Candidate: not found at the top of the resume")
    if not projects:
        print(no_projects_message(lists))
    for p in projects:
        where = " (in a table)" if p.in_table else ""
        print(f"{p.index + 1}. {p.title} — {p.bullet_count} bullet(s){where}")
    if args.lists:
        _print_lists(lists)
    return 0 if projects else 1


def _print_lists(lists: Sequence[BulletList]) -> None:
    """``detect --lists``: every bullet list, numbered as ``--pick-list`` takes them."""
    if not lists:
        print("No bullet lists in the document.")
        return
    print(f"Bullet lists ({len(lists)}; pick them with --pick-list K,K…):")
    for bl in lists:
        above = f" › {bl.heading}" if bl.heading else ""
        owner = f" — project {bl.project}" if bl.project is not None else ""
        items = f"{bl.count} item{'s' if bl.count != 1 else ''}"
        print(f"{bl.number:>3}. {bl.where}{above}: “{bl.first}” ({items}){owner}")


def _print_explanation(document: ResumeDocument, args: argparse.Namespace, settings: Settings) -> int:
    """``detect --explain``: every line with its role, the reason and the confidence."""
    lines, resume = explain_resume(document, limits=settings.limits, filename=Path(args.resume).name)
    doubts = list(resume.detection.doubts)
    # The bullet lists' numbers, as --pick-list takes them.
    list_of = {p.index: bl.number for bl in bullet_lists(resume.detection) for p in bl.paras}
    if args.json:
        rows = [{**line.as_dict(), "list": list_of.get(line.index)} for line in lines]
        print(json.dumps({"lines": rows, "doubts": doubts}, indent=2, ensure_ascii=False))
        return 0
    section = None
    for line in lines:
        if line.section != section:
            section = line.section
            print(f"== {section or '(top of the document)'}")
        text = line.text if len(line.text) <= 70 else line.text[:69] + "…"
        tag = f"P{line.project}" if line.project is not None else ""
        number = list_of.get(line.index)
        tag += f" L{number}" if number is not None else ""
        print(f"{line.index:4d} {tag:>7} {line.role.value:<22} {text}")
        print(f"{'':13}↳ {line.reason} [{line.confidence.value}]")
    projects = len(resume.projects)
    print(f"{projects} project(s) found." if projects else "No projects with bullet points found.")
    for d in doubts:
        print(f"please check: {d}")
    if list_of:
        print(
            "Pn: the line belongs to project n (tailor --pick n); Ln: bullet list n (tailor --pick-list n)."
        )
    return 0 if projects else 1


def _read_stack(path: str, settings: Settings) -> StackParse:
    stack_bytes = read_input(
        path, what="Stack file", max_bytes=settings.limits.max_stack_chars * 4, advice=_STACK_ADVICE
    )
    stack_text = decode_stack_bytes(stack_bytes, source=f"Stack file {path}")
    if len(stack_text) > settings.limits.max_stack_chars:
        raise InputError(
            f"The stack text is {len(stack_text)} characters, above the "
            f"{settings.limits.max_stack_chars} limit; split it into several runs."
        )
    return parse_stack_report(stack_text)


def _tailoring_inputs(
    args: argparse.Namespace, settings: Settings
) -> tuple[bytes, StackParse, TailorOptions]:
    """The resume, the parsed stack and the options that ``tailor`` and ``preview`` share."""
    data = read_input(args.resume, what="Resume", max_bytes=_max_bytes(settings), advice=_RESUME_ADVICE)
    parsed = _read_stack(args.stack, settings)
    projects = args.projects if args.projects is not None else settings.tailor.projects
    options = TailorOptions(
        projects=projects,
        enrich=args.enrich,
        limits=settings.limits,
        filename=Path(args.resume).name,
        pick=args.pick,
        pick_lists=args.pick_list,
    )
    return data, parsed, options


def run_tailor(args: argparse.Namespace, settings: Settings) -> int:
    """``tailor RESUME --stack STACK --out OUT``: insert the stack's points into the resume."""
    data, parsed, options = _tailoring_inputs(args, settings)
    result = tailor(data, parsed.stacks, options)
    warnings = list(parsed.warnings) + list(result.warnings)
    outputs = [(args.out, result.docx)]
    if args.report:
        report: dict[str, Any] = result.report()
        report["warnings"] = warnings
        report["techs"] = [s.name for s in parsed.stacks]
        outputs.append((args.report, json.dumps(report, indent=2, ensure_ascii=False).encode("utf-8")))
    write_outputs(outputs, inputs=[args.resume, args.stack])
    counts = [sum(1 for pl in result.plan if pl.project == i) for i in range(result.targets)]
    print(f"Added {len(result.plan)} point(s) to {result.targets} project(s) {counts}: {args.out}")
    for e in result.edits:
        print(f"{e.kind}: '{e.label}' line += {e.text.strip(' ,;|')!r}")
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0


def _numbers(text: str) -> tuple[int, ...]:
    """``--pick 1,3,4`` / ``--pick-list 2-4``: numbers counted from 1."""
    try:
        numbers = parse_pick(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}; write numbers from 1 like 1,3,4 or 2-4") from None
    if numbers is None:
        raise argparse.ArgumentTypeError("is empty; write numbers from 1 like 1,3,4")
    return numbers


def _add_pick(p: argparse.ArgumentParser) -> None:
    """The options that say which projects receive the points."""
    p.add_argument("--projects", type=_positive_int, metavar="N", help="how many projects receive points (3)")
    pick = p.add_mutually_exclusive_group()
    pick.add_argument(
        "--pick",
        type=_numbers,
        metavar="1,3,4",
        help="exactly these projects receive the points (numbers as detect prints them)",
    )
    pick.add_argument(
        "--pick-list",
        type=_numbers,
        metavar="K,K",
        help="use these bullet lists as the projects (numbers as detect --lists or --explain print them)",
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def register(sub: Any) -> None:
    """Add the ``detect``, ``tailor``, ``coverage`` and ``preview`` commands."""
    p = sub.add_parser("detect", help="list the projects (experience entries) found in a resume")
    p.add_argument("resume", metavar="RESUME.docx")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--explain", action="store_true", help="print every line with the role it was given and why"
    )
    p.add_argument(
        "--lists", action="store_true", help="also list every bullet list, numbered for --pick-list"
    )
    p.set_defaults(run=run_detect)

    p = sub.add_parser("tailor", help="add a tech stack's points to a resume's first projects")
    p.add_argument("resume", metavar="RESUME.docx")
    p.add_argument("--stack", required=True, metavar="STACK.txt", help="tech stack text file ('-' for stdin)")
    p.add_argument("--out", required=True, metavar="OUT.docx", help="where to write the tailored resume")
    _add_pick(p)
    p.add_argument("--report", metavar="REPORT.json", help="also write a JSON report of what went where")
    p.add_argument(
        "--enrich",
        action="store_true",
        help="also add the stack's tech names to Environment lines and the Skills section",
    )
    p.set_defaults(run=run_tailor)

    p = sub.add_parser(
        "coverage", help="which of a job's keywords the resume mentions, before and after tailoring"
    )
    p.add_argument("resume", metavar="RESUME.docx")
    p.add_argument("--stack", required=True, metavar="STACK.txt", help="tech stack text file ('-' for stdin)")
    p.add_argument("--job", metavar="JOB.txt", help="a job description: its tech keywords are counted too")
    _add_pick(p)
    p.add_argument("--enrich", action="store_true", help="tailor with enrichment for the 'after' figure")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_coverage)

    p = sub.add_parser(
        "preview", help="write an HTML preview of the tailored resume, new bullets highlighted"
    )
    p.add_argument("resume", metavar="RESUME.docx")
    p.add_argument("--stack", required=True, metavar="STACK.txt", help="tech stack text file ('-' for stdin)")
    p.add_argument("--out", required=True, metavar="OUT.html", help="where to write the preview")
    _add_pick(p)
    p.add_argument("--enrich", action="store_true", help="preview with enrichment")
    p.set_defaults(run=run_preview)


_PREVIEW_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:50rem;margin:2rem auto}}
mark.rc-inserted{{background:#fff3a0}}</style></head>
<body>{body}</body></html>
"""


def run_preview(args: argparse.Namespace, settings: Settings) -> int:
    """``preview RESUME --stack STACK --out OUT.html``: the tailored resume as highlighted HTML."""
    from html import escape

    from ..preview import render_preview  # the CLI's other commands need no mammoth

    data, parsed, options = _tailoring_inputs(args, settings)
    preview = render_preview(tailor(data, parsed.stacks, options))
    page = _PREVIEW_PAGE.format(title=escape(Path(args.resume).name), body=preview.html)
    write_atomically(args.out, page.encode("utf-8"), inputs=[args.resume, args.stack])
    print(f"Preview with {preview.highlighted} new bullet(s) highlighted: {args.out}")
    return 0


def run_coverage(args: argparse.Namespace, settings: Settings) -> int:
    """``coverage RESUME --stack STACK [--job JOB]``: keyword coverage before and after tailoring."""
    data = read_input(args.resume, what="Resume", max_bytes=_max_bytes(settings), advice=_RESUME_ADVICE)
    parsed = _read_stack(args.stack, settings)
    job_text = None
    if args.job:
        job_bytes = read_input(
            args.job,
            what="Job description",
            max_bytes=settings.limits.max_stack_chars * 4,
            advice="keep only the job's text",
        )
        job_text = decode_stack_bytes(job_bytes, source=f"Job description {args.job}")
    keywords = gather_keywords((s.name for s in parsed.stacks if s.name), job_text)
    if not keywords:
        raise InputError(
            "There are no keywords to look for: name the techs in the stack (a name line above its points) "
            "or give a job description with --job."
        )
    projects = args.projects if args.projects is not None else settings.tailor.projects
    options = TailorOptions(
        projects=projects,
        enrich=args.enrich,
        limits=settings.limits,
        filename=Path(args.resume).name,  # what tailoring reports names the user's file
        pick=args.pick,
        pick_lists=args.pick_list,
    )
    document = ResumeDocument.open(data, limits=settings.limits, filename=Path(args.resume).name)
    result = tailor(document, parsed.stacks, options)
    before, after = coverage(document, keywords), coverage(result.document or result.docx, keywords)
    gained = [k for k in after.found if k.keyword in before.missing]
    warnings = list(parsed.warnings) + list(result.warnings)
    if args.json:
        report = {
            "keywords": [k.name for k in keywords],
            "before": before.as_dict(),
            "after": after.as_dict(),
            "gained": [k.keyword for k in gained],
            "enrich": args.enrich,
            "edits": [e.as_dict() for e in result.edits],
            "warnings": warnings,
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(f"Keywords ({len(keywords)}): {', '.join(k.name for k in keywords)}")
    print(
        f"Coverage: {before.percent:g}% ({len(before.found)}/{len(keywords)}) before, "
        f"{after.percent:g}% ({len(after.found)}/{len(keywords)}) after tailoring"
        + (" with enrichment" if args.enrich else "")
    )
    if gained:
        print(f"Gained: {', '.join(k.keyword for k in gained)}")
    print(f"Missing: {', '.join(after.missing) if after.missing else 'none'}")
    for k in after.found:
        places = "; ".join(f"{where} ×{n}" if n > 1 else where for where, n in k.places())
        print(f"  {k.keyword}: {places}")
    for w in warnings:
        print(f"warning: {w}")
    return 0


__all__ = [
    "read_input",
    "register",
    "run_coverage",
    "run_detect",
    "run_tailor",
    "write_atomically",
    "write_outputs",
]
