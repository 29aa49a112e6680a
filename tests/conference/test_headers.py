"""Security headers and cookies on every page, with the production settings tests run under.

Tests run with DEBUG off and HTTPS on (the production defaults of conference/settings.py);
only the HTTPS redirect is turned off for the test client, which speaks plain HTTP unless a
request says secure=True.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.security.expected import expectations
from tests.security.matrix import url_for
from tests.security.urlmap import all_routes
from tests.security.world import ANONYMOUS, STAFF, build_world

pytestmark = pytest.mark.django_db


def _csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response, url):
    csp = _csp_directives(response["Content-Security-Policy"])
    script_src = csp.get("script-src", csp.get("default-src"))
    assert script_src == ["'self'"], (url, script_src)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
    assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
    assert csp["style-src"] == ["'self'"], url
    assert csp["frame-ancestors"] == ["'none'"], url
    assert csp["object-src"] == ["'none'"], url
    assert response["X-Frame-Options"] == "DENY", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
    hsts = response["Strict-Transport-Security"]
    assert re.fullmatch(r"max-age=(\d+); includeSubDomains; preload", hsts), (url, hsts)
    assert int(hsts.split("=")[1].split(";")[0]) >= 31536000, url


def test_production_settings_are_strict():
    assert not settings.DEBUG
    assert settings.SESSION_COOKIE_SECURE
    assert settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")


def test_every_page_sends_the_security_headers():
    world = build_world()
    table = expectations()
    checked = 0
    for role in (ANONYMOUS, STAFF):
        client = world.client(role)
        for route in all_routes():
            expect = table.get(route.key)
            if expect is None or "GET" not in expect.methods:
                continue
            url = url_for(route, expect, world)
            response = client.get(url, secure=True)
            if response.status_code >= 500 or response.streaming:
                continue  # the matrix reports those
            assert_security_headers(response, url)
            checked += 1
    assert checked > 100


def test_cookies_are_secure_httponly_and_same_site(client):
    from tests.factories import UserFactory

    UserFactory(username="kyle")
    page = client.get(reverse("login"), secure=True)
    csrf = page.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"]
    assert csrf["samesite"] == "Lax"
    response = client.post(
        reverse("login"),
        {"username": "kyle", "password": "correct horse battery staple"},
        secure=True,
    )
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


def test_plain_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
