"""Fixed-window counters in the cache: the one hand-written rate limiter, and the one rule
for whose request it is (client_address).

The cache is shared by every app server (Redis in production), so a limit holds across
them. If the cache is down (conference.infrastructure.cache_backends.ResilientRedisCache
answers misses), counts stay low and nothing is limited until it is back: the site keeps
working.
The JSON API's throttles are DRF's own classes with this module's client_address as their
ident (talks/api/throttling.py).
"""

import hashlib
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error


def trusted_proxies() -> tuple[Network, ...]:
    """The TRUSTED_PROXIES setting as networks (addresses or CIDR ranges)."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest | None, default: str = "") -> str:
    """The client's address: REMOTE_ADDR, unless that is a trusted proxy.

    From a trusted proxy, X-Forwarded-For is read from the right (the hops the proxies
    appended) and the first address that is not itself a trusted proxy is the client.
    Anything left of it was written by the client and is never believed; a malformed
    entry ends the walk at the last proxy. Without TRUSTED_PROXIES the header is ignored.
    """
    if request is None:
        return default
    remote = str(request.META.get("REMOTE_ADDR") or "")
    networks = trusted_proxies()
    if not remote or not _is_trusted(remote, networks):
        return remote or default
    client = remote
    for hop in reversed(str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")):
        hop = hop.strip()
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break
        client = hop
        if not _is_trusted(hop, networks):
            break
    return client


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
