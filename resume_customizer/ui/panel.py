"""A panel that costs nothing while it is closed.

A plain ``st.expander`` runs its body on every run even when collapsed, and a live panel inside
it (a fragment with ``run_every``) keeps its timer going: an open tab that nobody touches costs
the server a share of a core. This expander tracks whether it is open; only an open panel draws
its body, and opening or closing it reruns this panel alone, not the page.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st


def opened(key: str) -> int:
    """How many times the user has opened the panel ``key`` in this session.

    A panel's widgets go with it when it closes, and the browser may send their empty values
    back when it reopens: keyed by this count, reopened widgets are new ones, never stale.
    """
    return int(st.session_state.get(f"{key}-opened", 0))


def _toggled(key: str) -> None:
    if st.session_state.get(key):
        st.session_state[f"{key}-opened"] = opened(key) + 1


@st.fragment
def lazy_panel(label: str, key: str, icon: str, draw: Callable[[], None]) -> None:
    """An expander (closed at first) that runs ``draw`` only while it is open."""
    panel = st.expander(label, icon=icon, key=key, on_change=_toggled, args=(key,))
    if panel.open:
        with panel:
            draw()


__all__ = ["lazy_panel", "opened"]
