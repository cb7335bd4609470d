"""Plain words for the page: user text made inert in Markdown, states said the way people say them.

Streamlit renders Markdown (links, images, ``:red[...]`` directives, LaTeX) in messages,
labels and captions. Every text that comes from a user or a file (file names, project titles,
addresses quoted in an error) goes through ``md_escape`` before it reaches one of those.
"""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark, and each of these
# means something to Streamlit's Markdown (":" starts emoji and colour directives, "$" LaTeX).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")

STATE_WORDS: dict[str, str] = {
    "queued": "queued",
    "tailoring": "tailoring",
    "sending": "sending",
    "sent": "sent",
    "failed": "failed",
    "unknown": "unknown",
    "skipped": "already sent",
    "written": "dry run: written, not sent",
    "cancelled": "cancelled",
    "not_attempted": "not attempted",
}


def md_escape(text: str) -> str:
    """``text`` shown literally by Streamlit's Markdown (one line: line breaks become spaces)."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def state_words(state: str, detail: str = "") -> str:
    """A bulk item's state in plain words, with the reason when there is one."""
    words = STATE_WORDS.get(state, state)
    if state in ("failed", "unknown", "cancelled", "not_attempted") and detail:
        return f"{words}: {detail}"
    if state == "sent" and detail:
        return f"{words} — {detail}"  # sent, but the outbox could not record it
    if state == "skipped" and detail:
        return detail  # "already sent on 2024-05-02 14:03 UTC"
    return words


def size_words(n: int) -> str:
    """A byte count as people read it: ``0 bytes``, ``193 bytes``, ``48 KB``, ``1.2 MB``."""
    if n < 1024:
        return "1 byte" if n == 1 else f"{n} bytes"  # an empty or cut-off file must not read "1 KB"
    if n < 1024 * 1024:
        return f"{round(n / 1024)} KB"
    return f"{n / (1024 * 1024):.1f} MB"


__all__ = ["STATE_WORDS", "md_escape", "size_words", "state_words"]
