"""``python -m resume_customizer health [--json] [--smtp HOST:PORT]``: exit 0 healthy, 1 not."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..config import SECURITY_MODES, Settings
from ..errors import InputError
from .health import HealthReport, check_health


def register(subparsers: Any) -> None:
    """Add the ``health`` command."""
    parser = subparsers.add_parser(
        "health",
        help="check dependencies, data directory, disk, outbox, breakers and optionally SMTP",
        description="Check that the app can run here. Exit 0 when healthy, 1 when a check fails.",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--smtp",
        nargs="?",
        const="",
        default=None,
        metavar="HOST:PORT",
        help="also connect to this SMTP server and send EHLO (no value: the configured server)",
    )
    parser.add_argument(
        "--security", choices=SECURITY_MODES, help="how to connect for --smtp (default: from settings)"
    )
    parser.set_defaults(run=run)


def parse_target(text: str, settings: Settings) -> tuple[str, int]:
    """``HOST:PORT`` (``[v6]:PORT`` too) or, when empty, the configured SMTP server."""
    if not text:
        if not settings.smtp.host:
            raise InputError("--smtp needs HOST:PORT: no SMTP server is configured (smtp.host).")
        return settings.smtp.host, settings.smtp.port
    host, sep, port_text = text.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise InputError(f"--smtp expects HOST:PORT with a port from 1 to 65535, got {text!r}.")
    return host, int(port_text)


def render_text(report: HealthReport) -> str:
    """The report as aligned lines, then the verdict naming the failing checks."""
    width = max(len(c.name) for c in report.checks)
    lines = [f"{'ok  ' if c.ok else 'FAIL'}  {c.name:<{width}}  {c.detail}" for c in report.checks]
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the checks, print the report; 0 when healthy, 1 when not."""
    target = None if args.smtp is None else parse_target(args.smtp, settings)
    report = check_health(settings, smtp=target, security=args.security)
    # The CLI's output is its product: written to stdout, not logged.
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        sys.stdout.write(render_text(report))
    return 0 if report.ok else 1
