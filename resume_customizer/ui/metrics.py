"""Sidebar, metrics: CPU, memory and disk over time; each operation's count, p50/p95 and
success rate; emails sent, failed and retried; this user's rate-limit allowance; health.

A fragment with ``run_every``: it refreshes itself without rerunning the page.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from ..guard.ratelimit import ACTIONS
from ..observe.metrics import EMAIL_FAILED, EMAIL_RETRIED, EMAIL_SENT, MetricsSnapshot
from .services import Services
from .state import Session
from .text import md_escape

REFRESH_S = 5.0


def operation_rows(snapshot: MetricsSnapshot) -> list[dict[str, object]]:
    """One row per timed operation: how many, p50, p95, success rate."""
    return [
        {
            "Operation": t.name,
            "Count": t.count,
            "p50 ms": round(t.p50_ms, 1),
            "p95 ms": round(t.p95_ms, 1),
            "Success": f"{t.success_rate:.0%}",
        }
        for t in snapshot.timers.values()
    ]


def _charts(snapshot: MetricsSnapshot) -> None:
    samples = snapshot.samples
    if not samples:
        st.caption("Resource sampling has just started; charts appear in a few seconds.")
        return
    index = pd.DatetimeIndex([datetime.fromtimestamp(s.at) for s in samples], name="time")
    usage = pd.DataFrame(
        {
            "CPU %": [s.cpu_percent for s in samples],
            "Memory %": [s.memory_percent for s in samples],
        },
        index=index,
    )
    st.caption("CPU and memory (% of the machine)")
    st.line_chart(usage, height=140)
    st.caption("Free disk space in the data directory (MB)")
    st.line_chart(pd.DataFrame({"Free MB": [s.disk_free_mb for s in samples]}, index=index), height=110)


@st.fragment(run_every=REFRESH_S)
def _panel(services: Services, session: Session) -> None:
    snapshot = services.metrics.snapshot()
    _charts(snapshot)
    counters = snapshot.counters
    st.caption("Emails")
    sent, failed, retried = st.columns(3)
    sent.metric("Sent", counters.get(EMAIL_SENT, 0))
    failed.metric("Failed", counters.get(EMAIL_FAILED, 0))
    retried.metric("Retried", counters.get(EMAIL_RETRIED, 0))
    rows = operation_rows(snapshot)
    if rows:
        st.caption("Operations")
        st.dataframe(rows, hide_index=True, width="stretch")
    st.caption("Your allowance left now")
    st.dataframe(
        [
            {"Action": words, "Left": services.limiter.remaining(action, *session.keys)}
            for action, words in ACTIONS.items()
        ],
        hide_index=True,
        width="stretch",
    )
    report = services.health()
    if report.ok:
        st.caption(f"Health: {report.summary()}")
    else:
        st.warning(
            "Health: " + md_escape("; ".join(f"{c.name}: {c.detail}" for c in report.failing)),
            icon=":material/health_and_safety:",
        )


def show(services: Services, session: Session) -> None:
    """The Metrics panel in the sidebar."""
    with st.sidebar.expander("Metrics", icon=":material/monitoring:"):
        _panel(services, session)


__all__ = ["operation_rows", "show"]
