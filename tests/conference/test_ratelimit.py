import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
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


def test_client_address_ignores_forwarded_headers_without_trusted_proxies():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_address(request) == "192.0.2.1"
    assert client_address(None, default="unknown") == "unknown"


def _from(remote, forwarded_for):
    return RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded_for)


@pytest.mark.parametrize(
    ("remote", "forwarded_for", "client"),
    [
        # From the trusted proxy: the address it appended.
        ("127.0.0.1", "198.51.100.7", "198.51.100.7"),
        # What the client wrote left of it is not believed.
        ("127.0.0.1", "10.9.9.9, 198.51.100.7", "198.51.100.7"),
        # Through two trusted hops (a load balancer in front of the proxy).
        ("127.0.0.1", "198.51.100.7, 10.0.0.5", "198.51.100.7"),
        # Not from a trusted proxy: the header is the client's own, ignored.
        ("192.0.2.1", "198.51.100.7", "192.0.2.1"),
        # A malformed hop ends the walk at the last proxy.
        ("127.0.0.1", "198.51.100.7, not-an-ip", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("::1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_from_trusted_proxies(settings, remote, forwarded_for, client):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    assert client_address(_from(remote, forwarded_for)) == client


def test_a_bad_trusted_proxy_setting_is_a_clear_error(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "proxy.example.org"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        client_address(_from("127.0.0.1", ""))
