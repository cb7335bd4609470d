"""Sidebar, logs: this session's log records, filtered by level and text, refreshed live.

The panel is a fragment with ``run_every``: it refreshes itself every few seconds without
rerunning the page. It shows only the records stamped with this session's log id (the page
runs inside ``log_context(session=...)``); the records are redacted before they are kept.
"""

from __future__ import annotations

import streamlit as st

from ..observe.logs import LogRecordView, records
from .state import Session

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
REFRESH_S = 2.0
SHOWN = 200


def lines(found: list[LogRecordView]) -> str:
    """The records as text, newest first; an error's traceback ends with its last line."""
    out = []
    for r in reversed(found):
        out.append(r.line())
        if r.exc_text:
            out.append("    " + r.exc_text.strip().splitlines()[-1])
    return "\n".join(out)


@st.fragment(run_every=REFRESH_S)
def _panel(log_id: str) -> None:
    level = st.selectbox("Level", LEVELS, index=1, key="log-level")
    search = st.text_input("Search", key="log-search", placeholder="text, file, address…")
    found = records(level, search, session=log_id, limit=SHOWN)
    if not found:
        st.caption("No records yet for this session at this level." if not search else "Nothing matches.")
        return
    st.caption(f"{len(found)} record(s), newest first")
    st.code(lines(found), language=None, wrap_lines=True, height=260)


def show(session: Session) -> None:
    """The Logs panel in the sidebar."""
    with st.sidebar.expander("Logs (this session)", icon=":material/article:"):
        _panel(session.log_id)


__all__ = ["LEVELS", "lines", "show"]
