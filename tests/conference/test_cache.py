"""ResilientRedisCache: a cache miss, not a 500, when Redis is down."""

import socket
import time
import uuid

import pytest

from conference import cache as cache_module
from conference.cache import ResilientRedisCache


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_reachable(port: int = 6379) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_a_dead_redis_answers_misses_quickly():
    cache = ResilientRedisCache(f"redis://127.0.0.1:{_unused_port()}/0", {})
    started = time.monotonic()
    assert cache.get("key", "default") == "default"
    cache.set("key", "value")
    assert cache.add("key", "value") is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.incr("counter") == 1
    assert cache.delete("key") is False
    assert cache.get_or_set("key", lambda: "computed") == "computed"
    assert time.monotonic() - started < 3


def test_after_a_failure_redis_is_left_alone_for_a_moment(monkeypatch):
    cache = ResilientRedisCache(f"redis://127.0.0.1:{_unused_port()}/0", {})
    cache.get("key")
    calls = []
    monkeypatch.setattr(cache_module.RedisCache, "get", lambda *a, **k: calls.append(a))
    assert cache.get("key", "default") == "default"
    assert calls == []  # backing off: no connection attempt


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_a_live_redis_is_used_normally():
    cache = ResilientRedisCache("redis://127.0.0.1:6379/8", {})
    key = f"hallway-test-{uuid.uuid4()}"
    cache.set(key, {"n": 1}, 30)
    assert cache.get(key) == {"n": 1}
    assert cache.add(f"{key}-n", 0, 30) is True
    assert cache.incr(f"{key}-n") == 1
    cache.delete(f"{key}-n")
    cache.delete(key)
    assert cache.get(key) is None
