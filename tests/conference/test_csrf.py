"""Every URL refuses a state-changing request without a CSRF token from a signed-in browser.

Walks the whole URL configuration (see tests/security/urlmap.py), so forms and API routes
added on any branch are covered. A view that is deliberately CSRF-exempt must be listed in
CSRF_EXEMPT with the reason it is safe (for example: authenticated by API token only).
"""

import pytest
from django.test import Client

from tests.security.expected import expectations
from tests.security.matrix import url_for
from tests.security.urlmap import all_routes
from tests.security.world import ATTENDEE, STAFF, build_world

pytestmark = pytest.mark.django_db

# route key → why it may accept a POST without a CSRF token.
CSRF_EXEMPT: dict[str, str] = {
    "api:swagger": (
        "the Swagger UI page takes GET only; DRF still refuses the tokenless request (403) "
        "but its HTML renderer's error page does not name CSRF, and there is nothing to change"
    ),
    "api/^[\\s\\S]*$": "the API's JSON 404 for unrouted paths: every method, no change",
}


def _is_csrf_refusal(response) -> bool:
    return response.status_code == 403 and b"CSRF" in response.content


@pytest.mark.parametrize(
    ("role", "method"),
    [(ATTENDEE, "POST"), (STAFF, "POST"), (STAFF, "PUT"), (STAFF, "PATCH"), (STAFF, "DELETE")],
)
def test_state_changing_requests_without_a_token_are_refused(role, method):
    world = build_world()
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(world.users[role])
    table = expectations()
    accepted = []
    checked = 0
    for route in all_routes():
        expect = table.get(route.key)
        if expect is None or route.key in CSRF_EXEMPT:
            continue  # a missing row fails the permission matrix
        url = url_for(route, expect, world)
        response = client.generic(
            method, url, "title=x", content_type="application/x-www-form-urlencoded"
        )
        checked += 1
        if not _is_csrf_refusal(response):
            accepted.append(f"{method} {url} [{route.key}]: {response.status_code}")
    assert checked > 50
    assert not accepted, "accepted without a CSRF token:\n" + "\n".join(accepted)


def test_a_form_post_with_the_token_is_accepted():
    # The refusal above is about the token, not about POST being broken.
    world = build_world()
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/",
        {"username": world.users[ATTENDEE].username, "password": "correct horse battery staple"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 302
