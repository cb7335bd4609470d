"""Per-user rate limits over moving windows, with the ``limits`` library.

Entry points::

    limiter = RateLimiter(settings)                       # one per process (or per app replica)
    keys = user_keys(session_id, client_address)          # the session, and the address when known
    limiter.hit("preview", *keys)                         # raises RateLimited(retry_after)
    limiter.remaining("preview", *keys)                   # for the sidebar

Actions and their defaults (``settings.ratelimit``, in the ``limits`` notation, several limits
separated by ``;`` allowed): ``preview`` 10 per minute, ``generate`` 20 per 5 minutes,
``bulk_run`` 5 per 10 minutes, ``bulk_send`` 3 per 5 minutes, ``send`` 30 per 5 minutes.

Storage: ``memory://`` (the default) keeps the windows in this process; a ``redis://``,
``rediss://`` or ``redis+unix://`` URL shares them between app replicas behind one load balancer.

The clock. ``limits``' own storages read ``time.time()`` inside their methods (and its memory
storage runs a timer thread that expires entries by that same wall clock), so a test could not
drive them. Hence:

* for ``memory://`` this module brings ``ClockedMemoryStorage``, a moving-window storage of the
  ``limits`` storage interface that reads the injected clock (``time.monotonic`` by default: a
  wall-clock jump cannot open or close a window) and has no thread;
* for redis it subclasses ``limits``' ``RedisStorage`` and overrides the two moving-window
  methods so that the timestamp handed to its Lua scripts comes from the injected clock
  (``time.time`` by default: replicas on several machines must share one time base).

The moving-window strategy itself is ``limits.strategies.MovingWindowRateLimiter``, unchanged.
If the shared storage is unreachable the limiter fails open (the action is allowed, a warning
is logged and ``ratelimit.storage_error`` counted): a redis outage must not take the app down.
"""

from __future__ import annotations

import bisect
import hashlib
import ipaddress
import logging
import math
import threading
import time
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from limits import RateLimitItem, parse_many
from limits.errors import ConfigurationError, StorageError
from limits.storage import MovingWindowSupport, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

from ..config import RateLimitSettings, Settings
from ..errors import InputError, RateLimited
from ..observe.metrics import MetricsSink, get_registry

log = logging.getLogger(__name__)

Clock = Callable[[], float]

ACTIONS: dict[str, str] = {
    "preview": "previews",
    "generate": "generations",
    "bulk_run": "bulk runs",
    "bulk_send": "bulk sends",
    "send": "emails sent",
}
REDIS_SCHEMES = ("redis", "rediss", "redis+unix")
KEY_PREFIX = "resume_customizer:ratelimit"


class ClockedMemoryStorage(Storage, MovingWindowSupport):
    """An in-process moving-window storage reading an injected clock; no timer thread."""

    STORAGE_SCHEME = None  # never registered: ``memory://`` keeps meaning limits' own storage
    SWEEP_EVERY = 1024  # acquisitions between sweeps of idle keys

    def __init__(self, clock: Clock = time.monotonic) -> None:
        super().__init__(None)
        self._clock = clock
        self._lock = threading.Lock()
        self._events: dict[str, list[float]] = {}  # key -> timestamps, oldest first
        self._expiry: dict[str, float] = {}
        self._since_sweep = 0

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        """Errors this storage can raise (none in practice)."""
        return ValueError

    def _window(self, key: str, expiry: float, now: float) -> list[float]:
        """The key's timestamps inside the window; older ones are dropped.

        A hit exactly ``expiry`` seconds old has left the window, so a refused user who waits
        ``retry_after`` seconds is allowed (``acquire_entry`` and ``get_moving_window`` agree).
        """
        events = self._events.get(key, [])
        cut = bisect.bisect_right(events, now - expiry)
        if cut:
            del events[:cut]
        return events

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Record ``amount`` hits now unless that would exceed ``limit`` in the window."""
        if amount > limit:
            return False
        with self._lock:
            now = self._clock()
            events = self._window(key, expiry, now)
            if len(events) + amount > limit:
                return False
            events.extend([now] * amount)
            self._events[key] = events
            self._expiry[key] = expiry
            self._since_sweep += 1
            if self._since_sweep >= self.SWEEP_EVERY:
                self._sweep(now)
        return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        """(time of the oldest hit in the window, hits in the window); (now, 0) when empty."""
        with self._lock:
            now = self._clock()
            events = self._window(key, expiry, now)
            return (events[0], len(events)) if events else (now, 0)

    def _sweep(self, now: float) -> None:
        """Forget keys whose last hit left its window, so idle users cost no memory."""
        self._since_sweep = 0
        for key in [k for k, ev in self._events.items() if not ev or ev[-1] < now - self._expiry.get(k, 0)]:
            self._events.pop(key, None)
            self._expiry.pop(key, None)

    def clear(self, key: str) -> None:
        """Forget one key's hits."""
        with self._lock:
            self._events.pop(key, None)
            self._expiry.pop(key, None)

    def reset(self) -> int | None:
        """Forget every key; return how many there were."""
        with self._lock:
            count = len(self._events)
            self._events.clear()
            self._expiry.clear()
            return count

    def check(self) -> bool:
        """Always healthy."""
        return True

    # Fixed-window counters are not used by the moving-window strategy.
    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Not supported: this storage serves moving windows only."""
        raise NotImplementedError("ClockedMemoryStorage supports moving windows only")

    def get(self, key: str) -> int:
        """Not supported: this storage serves moving windows only."""
        raise NotImplementedError("ClockedMemoryStorage supports moving windows only")

    def get_expiry(self, key: str) -> float:
        """Not supported: this storage serves moving windows only."""
        raise NotImplementedError("ClockedMemoryStorage supports moving windows only")


class ClockedRedisStorage(RedisStorage):
    """``limits``' redis storage with the moving-window timestamps taken from an injected clock."""

    STORAGE_SCHEME = None  # never registered: ``redis://`` keeps meaning limits' own storage

    def __init__(self, uri: str, clock: Clock = time.time, **options: float | str | bool) -> None:
        self._clock = clock
        super().__init__(uri, key_prefix=KEY_PREFIX, wrap_exceptions=True, **options)

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Same Lua script as ``RedisStorage``; the timestamp comes from the injected clock."""
        key = self.prefixed_key(key)
        return bool(self.lua_acquire_moving_window([key], [self._clock(), limit, expiry, amount]))

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        """Same Lua script as ``RedisStorage``; the timestamp comes from the injected clock."""
        key = self.prefixed_key(key)
        now = self._clock()
        if window := self.lua_moving_window([key], [now - expiry, limit]):
            return float(window[0]), int(window[1])
        return now, 0


def _storage(url: str, clock: Clock | None) -> tuple[Storage, Clock]:
    scheme = urlsplit(url).scheme
    if scheme == "memory":
        clock = clock or time.monotonic
        return ClockedMemoryStorage(clock), clock
    if scheme in REDIS_SCHEMES:
        clock = clock or time.time
        try:
            return ClockedRedisStorage(url, clock), clock
        except ConfigurationError as exc:
            raise InputError(
                f"Invalid setting: ratelimit.storage_url needs the redis package ({exc})."
            ) from None
    raise InputError(
        f"Invalid setting: ratelimit.storage_url must start with memory:// or redis:// (got '{scheme}://')."
    )


LOCAL_USER = "local"  # every tab of a browser on this machine, when no proxy says who is behind it


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address in one spelling: "::ffff:10.0.0.1" is 10.0.0.1, "2001:DB8::0:1" is 2001:db8::1."""
    text = text.strip().strip("[]")
    if text.count(":") == 1 and "." in text:  # "10.0.0.1:51234", an IPv4 address with its port
        text = text.split(":", 1)[0]
    try:
        found = ipaddress.ip_address(text.split("%", 1)[0])  # a zone id ("fe80::1%eth0") is no part
    except ValueError:
        return None
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        return found.ipv4_mapped
    return found


def client_identity(
    peer: str | None,
    headers: Mapping[str, str] | None,
    *,
    trusted_proxies: str = "127.0.0.1, ::1",
    user_header: str = "",
) -> str:
    """Who is asking, for the rate limits: not something a new tab or a reload changes.

    The peer is the address that connected. When it is one of ``trusted_proxies`` (or unknown:
    Streamlit gives none on the loopback), the proxy's word is taken: its ``user_header`` (the
    signed-in user an authenticating proxy passes), else the rightmost address of
    X-Forwarded-For that is not itself a trusted proxy. A forwarded header from anyone else is
    ignored: a client can write it. Without a proxy on the loopback, the machine is one user.
    Addresses are normalised (IPv6 spellings, IPv4-mapped IPv6), so one client is one key.
    """
    networks = [
        ipaddress.ip_network(item.strip(), strict=False)
        for item in trusted_proxies.split(",")
        if item.strip()
    ]

    def trusted(addr: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
        return addr is not None and any(addr in net for net in networks if addr.version == net.version)

    peer_addr = _address(peer) if peer else None
    if peer and peer_addr is None:
        return f"peer {peer.strip()}"
    if peer_addr is not None and not trusted(peer_addr):
        return f"ip {peer_addr}"
    lower = {k.lower(): v for k, v in (headers or {}).items()}
    if user_header and lower.get(user_header.lower(), "").strip():
        return f"user {lower[user_header.lower()].strip().lower()}"
    hops = [h for h in (lower.get("x-forwarded-for") or "").split(",") if h.strip()]
    for hop in reversed(hops):
        addr = _address(hop)
        if addr is None:
            break  # a spelling no proxy writes: stop believing the header here
        if not trusted(addr):
            return f"ip {addr}"
    if peer_addr is None or peer_addr.is_loopback:
        return LOCAL_USER
    return f"ip {peer_addr}"


def user_keys(session_id: str, client_address: str | None = None) -> tuple[str, ...]:
    """Rate-limit keys for one user: the session, and the client address when known (hashed)."""

    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    keys = [f"s:{digest(session_id)}"]
    if client_address:
        keys.append(f"a:{digest(client_address)}")
    return tuple(keys)


class RateLimiter:
    """Per-user moving-window limits for the product's actions."""

    def __init__(
        self,
        settings: Settings | RateLimitSettings,
        *,
        clock: Clock | None = None,
        metrics: MetricsSink | None = None,
    ) -> None:
        rl = settings.ratelimit if isinstance(settings, Settings) else settings
        self._items: dict[str, list[RateLimitItem]] = {}
        for action in ACTIONS:
            spec = getattr(rl, action)
            try:
                self._items[action] = parse_many(spec)
            except ValueError:
                raise InputError(
                    f"Invalid setting: ratelimit.{action} '{spec}' is not a rate limit "
                    "such as '10 per minute'."
                ) from None
        self._storage, self._clock = _storage(rl.storage_url, clock)
        self._strategy = MovingWindowRateLimiter(self._storage)
        self._metrics: MetricsSink = metrics if metrics is not None else get_registry()

    def _items_for(self, action: str) -> list[RateLimitItem]:
        try:
            return self._items[action]
        except KeyError:
            raise ValueError(f"unknown rate-limited action {action!r}; known: {', '.join(ACTIONS)}") from None

    def _retry_after(self, action: str, keys: tuple[str, ...], cost: int = 1) -> float:
        """Seconds until ``cost`` more hits fit every limit for every key; 0 when they fit now."""
        now = self._clock()
        wait = 0.0
        for item in self._items_for(action):
            for key in keys:
                if not self._strategy.test(item, action, key, cost=cost):
                    reset = self._strategy.get_window_stats(item, action, key).reset_time
                    wait = max(wait, reset - now)
        return wait

    def hit(self, action: str, *user_keys: str) -> None:
        """Count one ``action`` for the user; raise ``RateLimited`` when a limit is reached."""
        keys = _keys(user_keys)
        try:
            wait = self._retry_after(action, keys)
            refused = wait > 0
            if not refused:
                for item in self._items_for(action):
                    for key in keys:
                        # test-then-hit is not atomic across keys; a lost race refuses here.
                        refused = not self._strategy.hit(item, action, key) or refused
                if refused:
                    wait = self._retry_after(action, keys) or 1.0
        except StorageError as exc:
            self._metrics.incr("ratelimit.storage_error")
            log.warning(
                "rate-limit storage unavailable, allowing %s: %s",
                action,
                exc,
                extra={"operation": "ratelimit.hit"},
            )
            return
        if refused:
            self._metrics.incr(f"ratelimit.refused.{action}")
            seconds = max(1, math.ceil(wait))
            raise RateLimited(f"Too many {ACTIONS[action]}: try again in {seconds} s.", retry_after=wait)

    def remaining(self, action: str, *user_keys: str) -> int:
        """How many more ``action``s the user may do now (the tightest of its limits)."""
        keys = _keys(user_keys)
        try:
            return max(
                0,
                min(
                    self._strategy.get_window_stats(item, action, key).remaining
                    for item in self._items_for(action)
                    for key in keys
                ),
            )
        except StorageError as exc:
            log.warning("rate-limit storage unavailable: %s", exc, extra={"operation": "ratelimit.remaining"})
            return min(item.amount for item in self._items_for(action))

    def clear(self, action: str, *user_keys: str) -> None:
        """Forget a user's hits for ``action`` (an operator's reset)."""
        for item in self._items_for(action):
            for key in _keys(user_keys):
                self._strategy.clear(item, action, key)


def _keys(user_keys: tuple[str, ...]) -> tuple[str, ...]:
    if not user_keys or not all(isinstance(k, str) and k for k in user_keys):
        raise ValueError("at least one non-empty user key is required")
    return user_keys


__all__ = [
    "ACTIONS",
    "ClockedMemoryStorage",
    "ClockedRedisStorage",
    "RateLimiter",
    "client_identity",
    "user_keys",
]
