"""Sidebar, logs: this session's log records, filtered by level and text, refreshed live.

A closed panel costs nothing (``panel.lazy_panel``); an open one is a fragment with
``run_every``: it refreshes itself every few seconds without rerunning the page. It shows only
the records stamped with this session's log id (the page runs inside
``log_context(session=...)``); the records are redacted before they are kept.
"""

from __future__ import annotations

import streamlit as st

from ..observe.logs import LogRecordView, records
from . import state
from .panel import lazy_panel, opened
from .state import Session

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
REFRESH_S = 2.0
SHOWN = 200
PANEL_KEY = "logs-open"
_FILTERS = "rc_log_filters"


def lines(found: list[LogRecordView]) -> str:
    """The records as text, newest first; an error's traceback ends with its last line."""
    out = []
    for r in reversed(found):
        out.append(r.line())
        if r.exc_text:
            out.append("    " + r.exc_text.strip().splitlines()[-1])
    return "\n".join(out)


def _keep(key: str, widget: str) -> None:
    """Note the filter the user just set (called before the run it starts)."""
    state.bucket(_FILTERS)[key] = st.session_state[widget]


@st.fragment(run_every=REFRESH_S)
def _live(log_id: str) -> None:
    kept = state.bucket(_FILTERS)  # the filters outlive their widgets while the panel is closed
    n = opened(PANEL_KEY)
    level_key, search_key = (f"log-level-{n}", f"log-search-{n}") if n else ("log-level", "log-search")
    level = st.selectbox(
        "Level",
        LEVELS,
        index=LEVELS.index(kept.get("level", "INFO")),
        key=level_key,
        on_change=_keep,
        args=("level", level_key),
    )
    search = st.text_input(
        "Search",
        value=kept.get("search", ""),
        key=search_key,
        placeholder="text, file, address…",
        on_change=_keep,
        args=("search", search_key),
    )
    found = records(level, search, session=log_id, limit=SHOWN)
    if not found:
        st.caption("No records yet for this session at this level." if not search else "Nothing matches.")
        return
    st.caption(f"{len(found)} record(s), newest first")
    st.code(lines(found), language=None, wrap_lines=True, height=260)


def show(session: Session) -> None:
    """The Logs panel in the sidebar: drawn, and refreshed, only while it is open."""
    with st.sidebar:
        lazy_panel("Logs (this session)", PANEL_KEY, ":material/article:", lambda: _live(session.log_id))


__all__ = ["LEVELS", "PANEL_KEY", "lines", "show"]
