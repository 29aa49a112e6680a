"""A Redis outage makes pages slower, never broken."""

import socket

import pytest
from django.core.cache import cache

from tests.factories import SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    # Bind, note the port, close: nothing listens there afterwards.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "conference.infrastructure.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }


def test_operations_degrade_to_misses_when_redis_is_down(redis_down, caplog):
    cache.set("key", "value")
    assert cache.get("key") is None
    assert cache.get("key", "fallback") == "fallback"
    assert cache.get_many(["key"]) == {}
    assert cache.add("key", "value") is False
    assert cache.get_or_set("key", "computed") == "computed"
    cache.delete("key")
    cache.clear()
    assert "Cache unavailable" in caplog.text


def test_pages_are_served_uncached_when_redis_is_down(redis_down, client):
    talk = TalkFactory(title="Served Anyway", speakers=[SpeakerFactory(slug="someone")])
    for url in [
        "/",
        talk.conference.get_absolute_url(),
        talk.get_absolute_url(),
        "/speakers/someone/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Served Anyway" in client.get(talk.get_absolute_url()).text
    etag = client.get(talk.get_absolute_url())["ETag"]
    assert client.get(talk.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="needs Redis on 127.0.0.1:6379")
def test_a_reachable_redis_stores_and_returns_values(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "conference.infrastructure.cache_backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
            "KEY_PREFIX": "hallway-test-backend",
        }
    }
    cache.set("key", {"a": 1})
    assert cache.get("key") == {"a": 1}
    cache.delete("key")
    assert cache.get("key") is None
