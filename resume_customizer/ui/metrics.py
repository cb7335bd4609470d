"""Sidebar, metrics: CPU, memory and disk over time; each operation's runs and p50/p95; emails
sent, failed and retried; this user's rate-limit allowance; health.

A closed panel costs nothing: its expander tracks whether it is open (``panel.lazy_panel``), and
only an open one draws and sets the timer that refreshes it (a fragment with ``run_every``).
Every open panel in the process reads the same shared snapshot.
"""

from __future__ import annotations

import threading

import pandas as pd
import streamlit as st

from ..guard.ratelimit import ACTIONS
from ..observe.metrics import EMAIL_FAILED, EMAIL_RETRIED, EMAIL_SENT, MetricsSnapshot
from .panel import lazy_panel
from .services import Services
from .state import Session
from .text import md_escape

REFRESH_S = 5.0
PANEL_KEY = "metrics-open"

# Vega's default time labels are 12-hour ("02:22" for 14:22): the same levels, on a 24-hour clock.
TIME_FORMAT = {
    "milliseconds": ".%L",
    "seconds": ":%S",
    "minutes": "%H:%M",
    "hours": "%H:%M",
    "date": "%b %d",
    "week": "%b %d",
    "month": "%B",
    "year": "%Y",
}

# The operations' names, in words short enough for the sidebar's narrow table.
OPERATION_WORDS = {
    "resume.detect": "detect",
    "resume.tailor": "tailor",
    "preview.render": "preview",
    "bulk.item": "bulk item",
    "email.send": "send email",
}


def operation_rows(snapshot: MetricsSnapshot) -> list[dict[str, object]]:
    """One row per timed operation: how many runs, and the typical / slow time in ms."""
    return [
        {
            "Operation": OPERATION_WORDS.get(t.name, t.name),
            "Runs": t.count,
            "p50/p95": f"{t.p50_ms:.0f}/{t.p95_ms:.0f}",
        }
        for t in snapshot.timers.values()
    ]


def failure_lines(snapshot: MetricsSnapshot) -> list[str]:
    """A line for each operation that failed at least once: how often, and its success rate."""
    return [
        f"{OPERATION_WORDS.get(t.name, t.name)}: {t.failures} of {t.count} failed "
        f"({t.success_rate:.0%} succeeded)"
        for t in snapshot.timers.values()
        if t.failures
    ]


def chart_spec(height: int, *, legend: bool, percent: bool) -> dict[str, object]:
    """A Vega-Lite line chart of long-form data (time, series, value), times on a 24-hour clock."""
    y: dict[str, object] = {"field": "value", "type": "quantitative", "title": None}
    if percent:
        y["scale"] = {"domain": [0, 100]}
    return {
        "height": height,
        # Fit the sidebar's width; the height is the plot's own, legend and axis added below it.
        "autosize": {"type": "fit-x", "contains": "padding"},
        "mark": {"type": "line", "tooltip": True},
        "encoding": {
            "x": {
                "field": "time",
                "type": "temporal",
                "title": None,
                "axis": {"format": TIME_FORMAT, "labelOverlap": True, "tickCount": 4},
            },
            "y": y,
            "color": {
                "field": "series",
                "type": "nominal",
                # One series needs no legend: the caption above the chart names it.
                "legend": {"orient": "top", "title": None} if legend else None,
            },
        },
    }


_frames_lock = threading.Lock()
_frames: tuple[MetricsSnapshot, pd.DataFrame, pd.DataFrame] | None = None


def chart_frames(snapshot: MetricsSnapshot) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The usage and disk charts' data of ``snapshot``, built once for every session showing it."""
    global _frames
    with _frames_lock:
        kept = _frames
        if kept is not None and kept[0] is snapshot:
            return kept[1], kept[2]
        samples = snapshot.samples
        # UTC instants: the browser draws them in the recruiter's own time zone.
        times = pd.to_datetime([s.at for s in samples], unit="s", utc=True)
        usage = pd.concat(
            [
                pd.DataFrame({"time": times, "series": "CPU %", "value": [s.cpu_percent for s in samples]}),
                pd.DataFrame(
                    {"time": times, "series": "Memory %", "value": [s.memory_percent for s in samples]}
                ),
            ],
            ignore_index=True,
        )
        disk = pd.DataFrame({"time": times, "series": "Free MB", "value": [s.disk_free_mb for s in samples]})
        _frames = (snapshot, usage, disk)
        return usage, disk


def _charts(snapshot: MetricsSnapshot) -> None:
    if not snapshot.samples:
        st.caption("Resource sampling has just started; charts appear in a few seconds.")
        return
    usage, disk = chart_frames(snapshot)
    st.caption("CPU and memory (% of the machine)")
    st.vega_lite_chart(usage, chart_spec(100, legend=True, percent=True), width="stretch")
    st.caption("Free disk space in the data directory (MB)")
    st.vega_lite_chart(disk, chart_spec(70, legend=False, percent=False), width="stretch")


@st.fragment(run_every=REFRESH_S)
def _live(services: Services, session: Session) -> None:
    snapshot = services.metrics.recent_snapshot()
    _charts(snapshot)
    counters = snapshot.counters
    st.caption("Emails")
    sent, failed, retried = st.columns(3)
    sent.metric("Sent", counters.get(EMAIL_SENT, 0))
    failed.metric("Failed", counters.get(EMAIL_FAILED, 0))
    retried.metric("Retried", counters.get(EMAIL_RETRIED, 0))
    rows = operation_rows(snapshot)
    if rows:
        st.caption("Operations: runs, and the typical (p50) / slow (p95) time in ms")
        st.dataframe(rows, hide_index=True, width="stretch")
        for line in failure_lines(snapshot):
            st.caption(f":material/error: {md_escape(line)}")
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
    """The Metrics panel in the sidebar: drawn, and refreshed, only while it is open."""
    with st.sidebar:
        lazy_panel("Metrics", PANEL_KEY, ":material/monitoring:", lambda: _live(services, session))


__all__ = ["PANEL_KEY", "chart_frames", "chart_spec", "failure_lines", "operation_rows", "show"]
