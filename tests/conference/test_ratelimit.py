from django.core.cache import cache
from django.test import RequestFactory

from conference.infrastructure.ratelimit import client_address, counter_key, counts, hit, reset


def test_hit_counts_within_one_window():
    cache.clear()
    key = counter_key("test", "someone")
    assert [hit(key, window=60) for _ in range(3)] == [1, 2, 3]
    assert counts(key, counter_key("test", "nobody")) == {key: 3, counter_key("test", "nobody"): 0}
    reset(key)
    assert counts(key) == {key: 0}


def test_counter_key_is_short_and_printable_for_any_input():
    key = counter_key("test", "évil\x00\n" * 100)
    assert key.startswith("test:")
    assert len(key) == len("test:") + 64
    assert key.isprintable()


def test_client_address_ignores_forwarded_headers():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_address(request) == "192.0.2.1"
    assert client_address(None, default="unknown") == "unknown"
