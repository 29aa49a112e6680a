"""Bad input gets a clear 400 or a form error, never a 500.

Query strings: every GET URL of the permission matrix, as a visitor and as staff, with NUL
bytes, over-long values, broken UTF-8, emoji and RTL text in the parameters pages read
(q, tz, page, day, …) and in the admin's own (o, p, e, q). Forms: NUL bytes, over-long,
empty and wrongly typed values in the login form and an admin add form.
"""

import pytest

from talks.models import Tag
from tests.hostile import NUL, OVERLONG
from tests.security.expected import expectations
from tests.security.matrix import url_for
from tests.security.urlmap import all_routes
from tests.security.world import ANONYMOUS, PASSWORD, STAFF, build_world

pytestmark = pytest.mark.django_db

PARAMETERS = ["q", "tz", "page", "day", "format", "track", "room", "tag", "o", "p", "next"]
BAD_VALUES = {
    "nul": "%00",
    "nul-inside": "abc%00def",
    "overlong": "x" * 5000,
    "broken-utf8": "%ff%fe%C3%28",
    "emoji-rtl": "%F0%9F%90%8D%E2%80%AEabc",
    "negative": "-1",
    "huge-number": "99999999999999999999999999",
}


@pytest.mark.parametrize("kind", list(BAD_VALUES))
def test_bad_query_strings_never_cause_a_server_error(kind):
    world = build_world()
    table = expectations()
    failures, checked = [], 0
    for role in (ANONYMOUS, STAFF):
        client = world.client(role, raise_request_exception=False)
        for route in all_routes():
            expect = table.get(route.key)
            if expect is None or "GET" not in expect.methods:
                continue
            base = url_for(route, expect, world).split("?")[0]
            query = "&".join(f"{name}={BAD_VALUES[kind]}" for name in PARAMETERS)
            response = client.get(f"{base}?{query}")
            checked += 1
            if response.status_code >= 500:
                failures.append(f"{base} as {role}: {response.status_code}")
            if "nul" in kind and response.status_code == 200 and "admin" not in base:
                # A NUL byte is never a meaningful value: refuse it plainly.
                failures.append(f"{base} as {role}: 200 for a NUL byte, expected 400")
    assert checked > 100
    assert not failures, "\n".join(failures)


def test_nul_byte_in_a_query_is_a_clear_400(client):
    response = client.get("/?q=a%00b")
    assert response.status_code == 400
    assert "NUL" in response.text


@pytest.mark.parametrize(
    ("username", "password"),
    [
        (f"kyle{NUL}", PASSWORD),
        ("kyle", f"pass{NUL}word"),
        (OVERLONG, PASSWORD),
        ("", ""),
        ("🐍\u202eadmin", "x"),
    ],
)
def test_login_form_rejects_bad_input_with_a_form_error(client, username, password):
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "errorlist" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("name", "error"),
    [
        (f"Py{NUL}thon", "Null characters are not allowed."),
        ("x" * 101, "Ensure this value has at most 100 characters"),
        ("", "This field is required."),
    ],
)
def test_admin_form_rejects_bad_input_with_a_form_error(name, error):
    world = build_world()
    client = world.client(STAFF)
    response = client.post("/admin/talks/tag/add/", {"name": name, "slug": "bad-input"})
    assert response.status_code == 200
    assert error in response.text
    assert not Tag.objects.filter(slug="bad-input").exists()


@pytest.mark.parametrize(
    "name", ["🐍 Python 👩🏽‍💻", "עברית \u202eRTL\u202c", "Ünïcödé 日本語", "a" * 100]
)
def test_admin_form_keeps_unusual_but_valid_text_exactly(name):
    world = build_world()
    client = world.client(STAFF)
    response = client.post("/admin/talks/tag/add/", {"name": name, "slug": "valid-input"})
    assert response.status_code == 302
    assert Tag.objects.get(slug="valid-input").name == name


def test_nul_byte_in_an_api_query_is_the_apis_json_400(client):
    # API clients read one error shape (and the schema documents JSON only).
    response = client.get("/api/v1/talks/?q=a%00b")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "invalid"
    assert "NUL" in response.json()["message"]
