"""The page's saved workspace: what a reload, a closed tab or a re-added file must not lose.

The session's workspace id rides in the page's address (``?ws=…``). On the first run of a
session (a reload, a bookmark) the inputs saved under it are put back into session state
before any widget is drawn, and its files come back as resumes even though the upload box is
empty (a browser cannot refill a file input). At the end of every run the remembered inputs
(``state.remember``) and the resumes are saved when they changed; the SMTP password never is.

An id the server does not hold (expired, cleared, or typed by someone) is never adopted: the
session gets a fresh one, so nobody can hand a recruiter an address whose workspace they know.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass

import streamlit as st

from ..errors import CustomizerError
from ..workspace import WorkspaceStore, short_id, valid_id
from . import state
from .services import Services

log = logging.getLogger(__name__)

_WS = "_rc_ws"  # this session's workspace id
_SAVED = "_rc_ws_saved"  # digest of what was saved last
_RESTORED = "_rc_ws_files"  # files restored from the workspace, not (yet) in the upload box
_SEEN = "_rc_ws_seen"  # content keys of every file that came through the upload box
_NONCE = "_rc_uploader_nonce"  # bumped to empty the upload box
_NOTE = "_rc_ws_note"
KEEP_ON_CLEAR = ("smtp-",)  # the mail server settings outlive "Clear workspace"


@dataclass(frozen=True)
class Upload:
    """One file of the page: from the upload box, or restored from the workspace."""

    name: str
    data: bytes
    key: str  # SHA-256 of the bytes
    restored: bool = False


def _secret(key: str) -> bool:
    return "password" in key.lower() or "secret" in key.lower()


def _store(services: Services) -> WorkspaceStore | None:
    return services.workspaces


def attach(services: Services) -> str | None:
    """This session's workspace id; on a session's first run, restore what the address names."""
    store = _store(services)
    if store is None:
        return None
    wid = st.session_state.get(_WS)
    if isinstance(wid, str):
        if st.query_params.get("ws") != wid:
            st.query_params["ws"] = wid
        return wid
    store.purge()
    asked = st.query_params.get("ws")
    saved = store.load(asked) if valid_id(asked) else None
    if saved is None or asked is None:
        wid = store.new_id()
        if asked:
            st.session_state[_NOTE] = (
                "That saved workspace has expired or was cleared: this is a new, empty one."
            )
    else:
        wid = asked
        kept = state.kept()
        for key, value in saved.inputs.items():
            if not _secret(key):
                st.session_state[key] = value
                kept.add(key)
        st.session_state[_RESTORED] = [Upload(f.name, f.data, f.key, restored=True) for f in saved.files]
        st.session_state[_NOTE] = (
            f"Restored your workspace: {len(saved.files)} resume(s) and the inputs you had entered."
        )
        log.info("workspace restored", extra={"workspace": short_id(wid), "files": len(saved.files)})
    st.session_state[_WS] = wid
    st.query_params["ws"] = wid
    return wid


def uploader_key() -> str:
    """The upload box's key (a new one empties it, after "Clear workspace")."""
    nonce = int(st.session_state.get(_NONCE, 0))
    return "resumes" if nonce == 0 else f"resumes-{nonce}"


def merge(uploaded: list[tuple[str, bytes]]) -> list[Upload]:
    """The page's files: those restored from the workspace (unless removed), then the uploads.

    A restored file that is also in the upload box is shown once. A file the recruiter removed
    from the upload box is gone, even if it first came back from the workspace.
    """
    fresh = [Upload(name, data, hashlib.sha256(data).hexdigest()) for name, data in uploaded]
    in_box = {u.key for u in fresh}
    seen: set[str] = st.session_state.setdefault(_SEEN, set())
    restored: list[Upload] = list(st.session_state.get(_RESTORED, []))
    # Removed from the box after coming through it: gone from the workspace too.
    restored = [u for u in restored if u.key in in_box or u.key not in seen]
    seen.update(in_box)
    st.session_state[_RESTORED] = [u for u in restored if u.key not in in_box]
    return [u for u in restored if u.key not in in_box] + fresh


def restored_picker() -> None:
    """The restored files, each removable (the upload box cannot show them)."""
    restored: list[Upload] = list(st.session_state.get(_RESTORED, []))
    note = st.session_state.pop(_NOTE, None)
    if note:
        st.info(note, icon=":material/restore:")
    if not restored:
        return
    names = {u.key: u.name for u in restored}
    key = "ws-restored"
    current = st.session_state.get(key)
    if not isinstance(current, list) or any(k not in names for k in current):
        st.session_state[key] = list(names)
    else:
        st.session_state[key] = [k for k in current if k in names]
    kept = st.multiselect(
        "Resumes restored from your saved workspace (remove one with its ×)",
        options=list(names),
        key=key,
        format_func=lambda k: names[k],
    )
    if len(kept) != len(restored):
        st.session_state[_RESTORED] = [u for u in restored if u.key in kept]
        st.rerun()


def clear(services: Services) -> None:
    """Forget the workspace now: its folder, the uploads and every input but the mail settings."""
    store = _store(services)
    wid = st.session_state.get(_WS)
    if store is not None and isinstance(wid, str):
        store.clear(wid)
        log.info("workspace cleared", extra={"workspace": short_id(wid)})
    kept = state.kept()
    for key in [k for k in kept if not k.startswith(KEEP_ON_CLEAR)]:
        kept.discard(key)
        st.session_state.pop(key, None)
    for key in (_RESTORED, _SEEN, _SAVED, "ws-restored"):
        st.session_state.pop(key, None)
    st.session_state[_NONCE] = int(st.session_state.get(_NONCE, 0)) + 1
    if store is not None:
        st.session_state[_WS] = store.new_id()
        st.query_params["ws"] = st.session_state[_WS]
    st.session_state[_NOTE] = (
        "Workspace cleared: the uploads and inputs are forgotten, here and on the server."
    )


def clear_button(services: Services) -> None:
    """The "Clear workspace" button, with where the workspace is kept."""
    store = _store(services)
    hours = services.settings.workspace.keep_hours
    left, right = st.columns([4, 1], vertical_alignment="center")
    if store is not None:
        left.caption(
            f"Your uploads and inputs are saved on the server for {hours:g} h under this page's "
            "address (not the password): a reload keeps them; bookmark the address to come back."
        )
    if right.button(
        "Clear workspace",
        key="ws-clear",
        icon=":material/delete_sweep:",
        width="stretch",
        help="Forget the uploads and every input now, here and on the server (the mail settings stay).",
    ):
        clear(services)
        st.rerun()


def save(services: Services, files: list[Upload]) -> None:
    """Save the remembered inputs and the files, when they changed since the last save."""
    store = _store(services)
    wid = st.session_state.get(_WS)
    if store is None or not isinstance(wid, str):
        return
    inputs = {
        k: st.session_state[k] for k in sorted(state.kept()) if k in st.session_state and not _secret(k)
    }
    listing = [(u.name, u.key) for u in files]
    digest = hashlib.sha256(json.dumps([inputs, listing], sort_keys=True, default=str).encode()).hexdigest()
    if st.session_state.get(_SAVED) == digest:
        return
    if st.session_state.get(_SAVED) is None and not files and not store.exists(wid):
        # Nothing uploaded yet and nothing saved: keep the digest, write nothing.
        st.session_state[_SAVED] = digest
        return
    try:
        store.save_inputs(wid, inputs)
        store.save_files(wid, [(u.name, u.data) for u in files])
    except (OSError, CustomizerError) as exc:
        log.warning("the workspace could not be saved", extra={"workspace": short_id(wid), "error": str(exc)})
        st.toast("Your workspace could not be saved on the server; this page still has it.", icon="⚠️")
        return
    st.session_state[_SAVED] = digest


__all__ = ["Upload", "attach", "clear", "clear_button", "merge", "restored_picker", "save", "uploader_key"]
