"""The saved workspace store: ids, modes, all-or-nothing writes, expiry, no secrets."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from resume_customizer.config import Settings, WorkspaceSettings
from resume_customizer.errors import InputError
from resume_customizer.workspace import WorkspaceStore, valid_id


def test_an_id_has_192_random_bits_and_nothing_else_is_accepted(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path, keep_s=3600)
    ids = {store.new_id() for _ in range(200)}
    assert len(ids) == 200 and all(valid_id(i) and len(i) == 32 for i in ids)
    for bad in ("../etc", "a" * 31, "a" * 33, "x/" + "a" * 30, "", None):
        assert not valid_id(bad)
        assert store.load(bad) is None  # type: ignore[arg-type]
    with pytest.raises(InputError, match="not valid"):
        store.save_inputs("../" + "a" * 29, {})


def test_inputs_and_files_round_trip_with_private_modes(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "ws", keep_s=3600)
    wid = store.new_id()
    assert store.load(wid) is None and not (tmp_path / "ws").exists()  # nothing written until a save
    store.save_inputs(wid, {"stack-ab": "Kafka\n- Built it", "pick-ab": (3, (1, 4)), "projects-ab": 3})
    store.save_files(wid, [("Jane Doe.docx", b"PK one"), ("b.docx", b"PK two")])
    saved = store.load(wid)
    assert saved is not None
    assert saved.inputs == {"stack-ab": "Kafka\n- Built it", "pick-ab": (3, (1, 4)), "projects-ab": 3}
    assert [(f.name, f.data) for f in saved.files] == [("Jane Doe.docx", b"PK one"), ("b.docx", b"PK two")]
    folder = tmp_path / "ws" / wid
    assert stat.S_IMODE((tmp_path / "ws").stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    # A file dropped from the list is deleted from the disk.
    store.save_files(wid, [("b.docx", b"PK two")])
    assert len(list((folder / "files").iterdir())) == 1


def test_a_password_is_never_written(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path, keep_s=3600)
    wid = store.new_id()
    with pytest.raises(ValueError, match="secret"):
        store.save_inputs(wid, {"smtp-password": "hunter2", "smtp-host": "smtp.example.com"})
    assert not any("hunter2" in p.read_text(errors="ignore") for p in tmp_path.rglob("*") if p.is_file())


def test_a_workspace_untouched_for_keep_hours_is_purged(tmp_path: Path) -> None:
    now = [time.time()]
    store = WorkspaceStore(tmp_path, keep_s=24 * 3600, clock=lambda: now[0])
    old, fresh = store.create(), store.create()
    now[0] += 23 * 3600
    store.save_inputs(fresh, {"stack-x": "touched"})
    assert store.purge() == 0
    now[0] += 2 * 3600  # old: 25 h untouched; fresh: 2 h
    assert store.load(old) is None  # expired: never handed back, even before the purge
    assert store.purge() == 1
    assert not (tmp_path / old).exists() and store.load(fresh) is not None


def test_a_torn_state_file_reads_as_no_workspace(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path, keep_s=3600)
    wid = store.create()
    (tmp_path / wid / "state.json").write_text('{"inputs": {"stack', encoding="utf-8")
    assert store.load(wid) is None


def test_the_setting_turns_workspaces_off(tmp_path: Path) -> None:
    on = Settings(data_dir=tmp_path)
    off = on.replace(workspace=WorkspaceSettings(enabled=False))
    assert WorkspaceStore.from_settings(on) is not None
    assert WorkspaceStore.from_settings(off) is None
    with pytest.raises(InputError, match="keep_hours"):
        on.replace(workspace=WorkspaceSettings(keep_hours=0))
