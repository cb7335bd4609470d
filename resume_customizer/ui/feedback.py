"""Errors at the edge: one friendly message with what to do; bugs logged with their traceback.

``with guarded("previewing Jane_Doe.docx"):`` around every action of the page. A refusal by a
rate limit says when to try again; any ``CustomizerError`` shows its own one-line message
(what is wrong, how to fix it); anything else is a bug: a short message on the page and the
traceback in the log, never on the page.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ..errors import CircuitOpen, CustomizerError, RateLimited
from .text import md_escape

log = logging.getLogger(__name__)


def show_error(exc: BaseException, doing: str) -> None:
    """Show ``exc`` as a friendly message; log it with its traceback when it is a bug."""
    if isinstance(exc, RateLimited):
        seconds = max(1, math.ceil(exc.retry_after))
        st.warning(
            f"{md_escape(exc.message)} This limit keeps the service fast for everyone: "
            f"wait {seconds} s, then press the button again.",
            icon=":material/hourglass_top:",
        )
    elif isinstance(exc, CircuitOpen):
        st.warning(
            f"{md_escape(exc.message)} The mail server failed several times in a row, so sending is "
            "paused; check the SMTP settings or try again later.",
            icon=":material/pause_circle:",
        )
    elif isinstance(exc, CustomizerError):
        st.error(md_escape(exc.message), icon=":material/error:")
    else:
        log.error("unexpected error while %s", doing, exc_info=exc, extra={"operation": "ui"})
        st.error(
            f"Something went wrong on our side while {md_escape(doing)}. It has been logged; "
            "try again, and if it keeps happening, send the log (sidebar, Logs) to your administrator.",
            icon=":material/build:",
        )


@contextmanager
def guarded(doing: str) -> Iterator[None]:
    """Run the block; show what went wrong as ``show_error`` does, and carry on with the page."""
    try:
        yield
    except Exception as exc:  # the edge of the page: every error ends here, as a message
        show_error(exc, doing)


__all__ = ["guarded", "show_error"]
