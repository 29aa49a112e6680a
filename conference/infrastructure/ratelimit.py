"""Fixed-window counters in the cache: the one hand-written rate limiter.

The cache is shared by every app server (Redis in production), so a limit holds across
them. If the cache is down (conference.infrastructure.cache_backends.ResilientRedisCache
answers misses), counts stay low and nothing is limited until it is back: the site keeps
working.
The JSON API's throttles are DRF's own (REST_FRAMEWORK's throttle classes).
"""

import hashlib

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest | None, default: str = "") -> str:
    """The client's address for counting: REMOTE_ADDR only.

    X-Forwarded-For is set by the client unless a trusted proxy rewrites it; gunicorn
    behind the proxy is configured to pass the real address as REMOTE_ADDR.
    """
    if request is None:
        return default
    return str(request.META.get("REMOTE_ADDR") or default)


def counter_key(scope: str, *parts: object) -> str:
    """A short, printable cache key for a counter; parts may be user input, so hashed."""
    digest = hashlib.sha256("\x00".join(str(part) for part in parts).encode()).hexdigest()
    return f"{scope}:{digest}"


def hit(key: str, *, window: int) -> int:
    """Count one event; returns the count in the window that the first event opened.

    add() starts the window with its expiry, incr() counts on without extending it.
    """
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add() and incr(): this event opens a new window
        cache.add(key, 1, timeout=window)
        return 1


def counts(*keys: str) -> dict[str, int]:
    """The current counts of these keys (0 for a key not counted in its window)."""
    found = cache.get_many(list(keys))
    return {key: int(found.get(key, 0)) for key in keys}


def reset(key: str) -> None:
    cache.delete(key)
