"""Per-session uploads: never visible to another session, released on end or idle timeout."""

from __future__ import annotations

import re
import threading

import pytest

from resume_customizer.config import Settings, UploadLimits
from resume_customizer.errors import InputError
from resume_customizer.guard.sessions import SessionStore, content_key

from .hostile import real_docx


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def make_store(clock: FakeClock, **limits: float) -> SessionStore:
    return SessionStore(idle_s=3600, limits=UploadLimits(**limits), clock=clock)  # type: ignore[arg-type]


def test_one_session_never_sees_another_sessions_uploads() -> None:
    store = make_store(FakeClock())
    mine = store.put("alice", "resume.docx", real_docx())
    assert store.uploads("bob") == []
    with pytest.raises(InputError, match="no longer available"):
        store.get("bob", mine.key)
    assert store.get("alice", mine.key).data == real_docx()


def test_the_same_bytes_twice_in_a_session_are_stored_once() -> None:
    store = make_store(FakeClock())
    first = store.put("s", "resume.docx", real_docx())
    again = store.put("s", "resume.docx", real_docx())  # a Streamlit rerun hands the file again
    assert again is first and first.key == content_key(real_docx())
    assert len(store.uploads("s")) == 1


def test_two_different_files_with_one_name_stay_two_files() -> None:
    store = make_store(FakeClock())
    a = store.put("s", "resume.docx", b"one")
    b = store.put("s", "resume.docx", b"two")
    assert (a.name, b.name) == ("resume.docx", "resume (2).docx")


def test_an_uploaded_name_is_sanitized() -> None:
    store = make_store(FakeClock())
    assert store.put("s", "../../etc/passwd", b"x").name == "passwd"


def test_a_session_is_released_when_it_ends() -> None:
    store = make_store(FakeClock())
    store.put("s", "a.docx", b"a")
    store.put("s", "b.docx", b"b")
    assert store.release("s") == 2
    assert store.session_count() == 0
    assert store.release("s") == 0


def test_an_idle_session_is_released_after_the_timeout_but_an_active_one_is_kept() -> None:
    clock = FakeClock()
    store = make_store(clock)
    store.put("idle", "a.docx", b"a")
    store.put("active", "b.docx", b"b")
    clock.now = 3000
    store.uploads("active")  # touching keeps it alive
    clock.now = 3601
    assert store.sweep() == 1
    assert store.uploads("active") != []
    assert store.uploads("idle") == []  # a new, empty session under the old id


def test_any_call_releases_idle_sessions() -> None:
    clock = FakeClock()
    store = make_store(clock)
    store.put("old", "a.docx", b"a")
    clock.now = 4000
    store.put("new", "b.docx", b"b")
    assert store.session_count() == 1


def test_a_session_is_held_to_the_file_count_and_batch_size() -> None:
    store = make_store(FakeClock(), max_files=2, max_file_mb=0.01, max_batch_mb=0.015)
    store.put("s", "a.docx", b"a" * 8000)
    with pytest.raises(InputError, match=re.escape("would exceed 0.015 MB")):
        store.put("s", "b.docx", b"b" * 8000)
    store.put("s", "c.docx", b"c")
    with pytest.raises(InputError, match="already holds 2 files"):
        store.put("s", "d.docx", b"d")
    with pytest.raises(InputError, match=re.escape("the limit is 0.01 MB per file")):
        store.put("t", "big.docx", b"x" * 20_000)


def test_from_settings_uses_the_idle_timeout() -> None:
    clock = FakeClock()
    store = SessionStore.from_settings(Settings().replace(session_idle_s=10), clock=clock)
    store.put("s", "a.docx", b"a")
    clock.now = 11
    assert store.sweep() == 1


def test_concurrent_sessions_keep_their_own_uploads() -> None:
    store = make_store(FakeClock(), max_files=50)

    def work(n: int) -> None:
        for i in range(20):
            store.put(f"session-{n}", f"{i}.docx", f"{n}-{i}".encode())

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for n in range(8):
        datas = {u.data for u in store.uploads(f"session-{n}")}
        assert datas == {f"{n}-{i}".encode() for i in range(20)}
