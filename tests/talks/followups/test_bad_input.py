"""Odd input gets a 404 or a form error, never a 500."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.mark.parametrize(
    "url",
    [
        "/f/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/",
        "/f/-1/",
        f"/me/follow-ups/{HUGE}/",
        f"/api/v1/followups/{HUGE}/",
        "/api/v1/followups/abc/",
        "/follow-ups/mine/not-signed/",
    ],
)
def test_odd_urls_are_not_found(client, cast, url):
    client.force_login(cast.speaker)
    assert client.get(url).status_code == 404


def test_odd_filters_and_pages_are_ignored(client, cast):
    client.force_login(cast.speaker)
    response = client.get(reverse("followups:inbox"), {"talk": "abc", "kind": "x", "page": HUGE})
    assert response.status_code == 200


def test_odd_api_input_is_400(cast):
    api = APIClient()
    api.force_authenticate(cast.speaker)
    response = api.post("/api/v1/followups/", {"talk": "not-a-uuid", "kind": "nope"}, format="json")
    assert response.status_code == 400
    assert {"talk", "kind", "message"} <= set(response.json()["errors"])
    response = api.post("/api/v1/followups/", "garbage", content_type="application/json")
    assert response.status_code == 400
    response = api.get("/api/v1/followups/counts/", {"conference": "no-such-conference"})
    assert response.status_code == 404
