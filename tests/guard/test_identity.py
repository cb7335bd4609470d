"""Who a user is for the rate limits: an address or the user a trusted proxy names — never the
browser session, which a new tab or a reload replaces (10 of 10 bulk sends passed a limit of 3)."""

from __future__ import annotations

import pytest

from resume_customizer.config import RateLimitSettings, Settings
from resume_customizer.errors import InputError, RateLimited
from resume_customizer.guard.ratelimit import LOCAL_USER, RateLimiter, client_identity, user_keys


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_every_tab_on_the_loopback_is_one_user() -> None:
    assert client_identity(None, {}) == LOCAL_USER
    assert client_identity("127.0.0.1", {}) == LOCAL_USER
    assert client_identity("::1", None) == LOCAL_USER


def test_two_sessions_of_one_user_share_one_allowance() -> None:
    limiter = RateLimiter(RateLimitSettings(bulk_send="3 per 5 minutes"), clock=Clock())
    identity = client_identity(None, {})
    for tab in ("tab-1", "tab-2", "tab-3"):
        limiter.hit("bulk_send", *user_keys(tab, identity))
    with pytest.raises(RateLimited):
        limiter.hit("bulk_send", *user_keys("tab-4, a new one", identity))


def test_a_trusted_proxy_is_believed_and_anyone_else_is_not() -> None:
    forwarded = {"X-Forwarded-For": "203.0.113.7"}
    assert client_identity("127.0.0.1", forwarded) == "ip 203.0.113.7"
    # a client that writes the header itself is still itself
    assert client_identity("198.51.100.2", forwarded) == "ip 198.51.100.2"
    # behind two proxies: the rightmost address that is not a trusted proxy
    chain = {"x-forwarded-for": "10.9.9.9, 203.0.113.7, 10.0.0.5"}
    assert client_identity("10.0.0.4", chain, trusted_proxies="10.0.0.0/24") == "ip 203.0.113.7"


def test_a_user_header_from_a_trusted_proxy_names_the_user() -> None:
    headers = {"X-Forwarded-Email": "Jane@Example.com", "X-Forwarded-For": "203.0.113.7"}
    assert client_identity("::1", headers, user_header="X-Forwarded-Email") == "user jane@example.com"
    assert client_identity("198.51.100.2", headers, user_header="X-Forwarded-Email") == "ip 198.51.100.2"


@pytest.mark.parametrize(
    ("spelling", "normal"),
    [
        ("2001:DB8:0:0:0:0:0:1", "ip 2001:db8::1"),
        ("[2001:db8::1]", "ip 2001:db8::1"),
        ("::ffff:203.0.113.7", "ip 203.0.113.7"),
        ("fe80::1%eth0", "ip fe80::1"),
        ("203.0.113.7:51234", "ip 203.0.113.7"),
    ],
)
def test_one_client_is_one_key_however_its_address_is_spelled(spelling: str, normal: str) -> None:
    assert client_identity(spelling, {}) == normal


def test_a_bad_trusted_proxy_setting_is_refused_in_one_line() -> None:
    with pytest.raises(InputError, match=r"ratelimit\.trusted_proxies: 'proxy\.local' is not an address"):
        Settings(ratelimit=RateLimitSettings(trusted_proxies="127.0.0.1, proxy.local")).validate()
