"""A Redis cache that a Redis outage cannot take the site down with.

A cache is an optimisation: when Redis is unreachable, reads become misses and writes
are dropped, so pages are rendered from the database (slower, never a 500). Each
failure is logged, at most once a minute per process, so an outage is visible without
flooding the log.
"""

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

T = TypeVar("T")
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY_SECONDS = 60.0


class ReusingRedisCacheClient(RedisCacheClient):
    """Keeps one redis.Redis per connection pool instead of building one per operation.

    redis.Redis objects are thread-safe (each command takes a pooled connection), and
    building one costs more Python than a cached page's whole lookup.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        parent: Any = self  # the parent's helpers are private, so untyped in django-stubs
        index = parent._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = parent._client(connection_pool=parent._get_connection_pool(write))
            self._clients[index] = client
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache whose operations degrade to a miss (or a no-op) when Redis is down.

    incr()/decr() keep raising: a counter has no honest fallback value.
    """

    _last_logged = 0.0

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        # Fail fast: a blackholed Redis must not hold a request for the OS's default timeout.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient

    def _degrade(self, operation: str, call: Callable[[], T], fallback: T) -> T:
        try:
            return call()
        except UNAVAILABLE as error:
            now = time.monotonic()
            if now - ResilientRedisCache._last_logged >= LOG_EVERY_SECONDS:
                ResilientRedisCache._last_logged = now
                logger.warning("Cache unavailable, serving uncached (%s): %s", operation, error)
            return fallback

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._degrade("get", lambda: RedisCache.get(self, key, default, version), default)

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return self._degrade("get_many", lambda: RedisCache.get_many(self, keys, version), {})

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._degrade("has_key", lambda: RedisCache.has_key(self, key, version), False)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._degrade(
            "add", lambda: RedisCache.add(self, key, value, timeout, version), False
        )

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._degrade("set", lambda: RedisCache.set(self, key, value, timeout, version), None)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._degrade(
            "set_many", lambda: RedisCache.set_many(self, data, timeout, version), list(data)
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._degrade("touch", lambda: RedisCache.touch(self, key, timeout, version), False)

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._degrade("delete", lambda: RedisCache.delete(self, key, version), False)

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._degrade("delete_many", lambda: RedisCache.delete_many(self, keys, version), None)

    def clear(self) -> None:
        self._degrade("clear", lambda: RedisCache.clear(self), None)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        # Counters (login throttling) start afresh while Redis is away.
        return self._degrade("incr", lambda: RedisCache.incr(self, key, delta, version), delta)
