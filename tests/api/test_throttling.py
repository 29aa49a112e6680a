"""Throttling: anonymous and signed-in rates, per client by the trusted-proxy rule."""

import pytest
from rest_framework.throttling import SimpleRateThrottle

from tests.api.conftest import Programme, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(monkeypatch, settings):
    # DRF copies the rates onto the throttle class at import; lower them there.
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "3/min", "user": "5/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    # Throttles guard rendering; a stored response costs a cache read and skips them
    # (README), so these requests are rendered every time, as with a per-process cache.
    settings.PAGE_CACHE_TRUST_INVALIDATION = False


def test_anonymous_clients_are_throttled_with_a_json_429(api, programme: Programme, low_rates):
    statuses = [api.get("/api/v1/conferences/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/conferences/")
    assert response.json()["status"] == 429
    assert int(response["Retry-After"]) > 0


def test_signed_in_users_have_their_own_higher_rate(programme: Programme, low_rates):
    client = client_for(programme.users["attendee"])
    statuses = [client.get("/api/v1/conferences/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_browsable_api_renders_for_browsers(api, programme: Programme):
    response = api.get("/api/v1/conferences/pytn/talks/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Keynote" in response.content.decode()


def test_a_script_cannot_get_fresh_buckets_by_sending_x_forwarded_for(
    api, programme: Programme, low_rates
):
    statuses = [
        api.get("/api/v1/conferences/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_behind_a_trusted_proxy_one_script_does_not_exhaust_the_rate_for_others(
    api, programme: Programme, low_rates, settings
):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]

    def via_proxy(client_ip):
        return api.get(
            "/api/v1/conferences/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_ip
        ).status_code

    assert [via_proxy("198.51.100.1") for _ in range(4)] == [200, 200, 200, 429]
    assert via_proxy("198.51.100.2") == 200
