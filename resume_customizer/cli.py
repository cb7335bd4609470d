"""The headless CLI: ``python -m resume_customizer <command> ...``.

Each command lives in the package that owns it, in a ``command`` module with a
``register(subparsers)`` function that adds its parser and sets ``run=callable(args,
settings) -> int``. This module only dispatches and is the one edge where errors are caught:
a ``CustomizerError`` prints its one-line message on stderr (exit 2 for bad input, 1 for the
rest); anything else prints a short generic line, the traceback going to the log only.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from .config import load_settings
from .errors import CustomizerError, InputError
from .guard.text import one_line
from .observe.logs import configure_logging

log = logging.getLogger(__name__)

# Modules that register commands, in the order they appear in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "resume_customizer.resume.command",
    "resume_customizer.mail.command",
    "resume_customizer.mail.outbox_command",
    "resume_customizer.observe.command",
)

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line and exits 2, like every bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The CLI's argument parser with every registered command."""
    parser = _Parser(prog="python -m resume_customizer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", help="settings file (TOML); default resume_customizer.toml if present")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(file=args.config)
        # To the data directory's file only: the user sees one-line errors, never a traceback.
        configure_logging(settings, console=False)
        return int(args.run(args, settings) or 0)
    # A message may quote what the user typed (a path, an address): printed escaped, one line.
    except InputError as exc:
        print(f"error: {one_line(exc.message)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except CustomizerError as exc:
        print(f"error: {one_line(exc.message)}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception:  # the edge: nothing unexpected reaches a user as a traceback
        log.exception("unexpected error in command %s", getattr(args, "command", "?"))
        print("error: unexpected internal error; see the log for details", file=sys.stderr)
        return EXIT_FAILED
