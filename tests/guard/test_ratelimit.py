"""Per-user moving-window rate limits, driven by an injected clock; one run against real redis."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from resume_customizer.config import RateLimitSettings, Settings
from resume_customizer.errors import InputError, RateLimited
from resume_customizer.guard.ratelimit import RateLimiter, user_keys


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# action, limit, window (s), the noun in the message
DEFAULTS = [
    ("preview", 10, 60, "previews"),
    ("generate", 20, 300, "generations"),
    ("bulk_run", 5, 600, "bulk runs"),
    ("bulk_send", 3, 300, "bulk sends"),
    ("send", 30, 300, "emails sent"),
]


@pytest.mark.parametrize(("action", "limit", "window", "noun"), DEFAULTS)
def test_each_action_allows_its_default_limit_then_refuses_until_the_window_moves(
    action: str, limit: int, window: int, noun: str
) -> None:
    clock = FakeClock()
    limiter = RateLimiter(Settings(), clock=clock)
    keys = user_keys("session-1")
    for i in range(limit):
        assert limiter.remaining(action, *keys) == limit - i
        limiter.hit(action, *keys)
        clock.advance(1)
    with pytest.raises(RateLimited) as caught:
        limiter.hit(action, *keys)
    # The first hit (at t=0) leaves the window at t=window; we are at t=limit.
    assert caught.value.retry_after == pytest.approx(window - limit)
    assert caught.value.message == f"Too many {noun}: try again in {window - limit} s."
    clock.advance(window - limit - 0.5)
    with pytest.raises(RateLimited):
        limiter.hit(action, *keys)  # still inside the window: refusals are not counted as hits
    clock.advance(0.5)
    limiter.hit(action, *keys)
    assert limiter.remaining(action, *keys) == 0


def test_users_do_not_share_a_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Settings(), clock=clock)
    for _ in range(3):
        limiter.hit("bulk_send", *user_keys("alice"))
    with pytest.raises(RateLimited):
        limiter.hit("bulk_send", *user_keys("alice"))
    limiter.hit("bulk_send", *user_keys("bob"))
    assert limiter.remaining("bulk_send", *user_keys("bob")) == 2


def test_actions_do_not_share_a_window() -> None:
    limiter = RateLimiter(Settings(), clock=FakeClock())
    keys = user_keys("s")
    for _ in range(3):
        limiter.hit("bulk_send", *keys)
    assert limiter.remaining("preview", *keys) == 10


def test_a_new_session_from_the_same_address_does_not_reset_the_limit() -> None:
    limiter = RateLimiter(Settings(), clock=FakeClock())
    for n in range(3):
        limiter.hit("bulk_send", *user_keys(f"tab-{n}", "203.0.113.9"))
    with pytest.raises(RateLimited):
        limiter.hit("bulk_send", *user_keys("tab-new", "203.0.113.9"))


def test_user_keys_hash_the_session_and_the_address() -> None:
    keys = user_keys("abc", "203.0.113.9")
    assert len(keys) == 2 and not any("203.0.113.9" in k or "abc" in k for k in keys)
    assert user_keys("abc") == keys[:1]


def test_several_limits_for_one_action_all_apply() -> None:
    clock = FakeClock()
    settings = RateLimitSettings(preview="2 per second; 3 per minute")
    limiter = RateLimiter(settings, clock=clock)
    limiter.hit("preview", "u")
    limiter.hit("preview", "u")
    with pytest.raises(RateLimited, match="try again in 1 s"):
        limiter.hit("preview", "u")
    clock.advance(1)
    limiter.hit("preview", "u")
    clock.advance(1)
    with pytest.raises(RateLimited, match="try again in 58 s"):
        limiter.hit("preview", "u")


def test_a_bad_limit_setting_is_an_input_error() -> None:
    with pytest.raises(InputError, match=re.escape("ratelimit.generate 'lots' is not a rate limit")):
        RateLimiter(RateLimitSettings(generate="lots"))


def test_an_unsupported_storage_is_refused_at_settings_load() -> None:
    with pytest.raises(InputError, match=re.escape("storage_url must start with memory://")):
        Settings().replace(ratelimit=RateLimitSettings(storage_url="memcached://localhost:11211"))


def test_an_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match=re.escape("unknown rate-limited action 'download'")):
        RateLimiter(Settings(), clock=FakeClock()).hit("download", "u")


def test_idle_users_are_forgotten_by_the_memory_storage() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Settings(), clock=clock)
    storage = limiter._storage
    storage.SWEEP_EVERY = 10  # type: ignore[misc]
    for n in range(9):
        limiter.hit("preview", f"user-{n}")
    clock.advance(61)
    limiter.hit("preview", "late")  # the tenth acquisition sweeps
    assert list(storage._events) == ["LIMITER/preview/late/10/1/minute"]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- real redis


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A real redis-server on 127.0.0.1, started for the test when the binary is installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (CI installs it)")
    pytest.importorskip("redis")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                    break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("redis-server did not start")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_two_replicas_share_one_window_through_redis(redis_url: str) -> None:
    clock = FakeClock(start=time.time())
    settings = RateLimitSettings(storage_url=redis_url)
    replica_a = RateLimiter(settings, clock=clock)
    replica_b = RateLimiter(settings, clock=clock)
    keys = user_keys("shared-user")
    replica_a.hit("bulk_send", *keys)
    clock.advance(10)
    replica_b.hit("bulk_send", *keys)
    replica_a.hit("bulk_send", *keys)
    assert replica_b.remaining("bulk_send", *keys) == 0
    with pytest.raises(RateLimited) as caught:
        replica_b.hit("bulk_send", *keys)
    assert caught.value.retry_after == pytest.approx(290, abs=0.01)
    clock.advance(290.001)  # redis's Lua scripts keep a hit exactly one window old
    replica_b.hit("bulk_send", *keys)  # the first hit left the window


def test_an_unreachable_redis_fails_open() -> None:
    pytest.importorskip("redis")
    settings = RateLimitSettings(storage_url=f"redis://127.0.0.1:{_free_port()}/0?socket_connect_timeout=0.2")
    limiter = RateLimiter(settings, clock=FakeClock())
    for _ in range(5):
        limiter.hit("bulk_send", "u")  # over the limit of 3, but allowed: the app stays up
    assert limiter.remaining("bulk_send", "u") == 3
