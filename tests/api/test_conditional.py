"""ETag and Last-Modified on every GET (the page cache's), 304 when fresh, 412 on stale
slot writes."""

import pytest
from django.utils.http import http_date

from talks.services import api_token_create
from tests.api.conftest import Programme, client_for
from tests.api.test_errors import assert_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/conferences/",
        "/api/v1/conferences/pytn/",
        "/api/v1/conferences/pytn/schedule/",
        "/api/v1/talks/",
        "/api/v1/speakers/kyle-kelley/",
    ],
)
def test_get_has_etag_and_last_modified_and_answers_304(
    trusted, api, programme: Programme, url: str
):
    first = api.get(url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"')
    assert "Accept" in first["Vary"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert api.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/v1/conferences/", "/api/v1/talks/", "/api/v1/speakers/kyle-kelley/"]
)
def test_without_a_shared_cache_the_etag_is_the_bodys_and_answers_304(
    api, programme: Programme, url: str
):
    first = api.get(url)
    assert first["ETag"].startswith('"')
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.parametrize("shared_cache", [False, True])
def test_etag_changes_when_the_data_changes(settings, shared_cache, api, programme: Programme):
    settings.PAGE_CACHE_TRUST_INVALIDATION = shared_cache
    url = "/api/v1/conferences/pytn/talks/keynote/"
    before = api.get(url)["ETag"]
    programme.talk.title = "Keynote, renamed"
    programme.talk.save()
    response = api.get(url, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response["ETag"] != before
    assert response.json()["title"] == "Keynote, renamed"


def test_if_modified_since_older_than_representation_gets_200(trusted, api, programme: Programme):
    response = api.get("/api/v1/conferences/", HTTP_IF_MODIFIED_SINCE=http_date(0))
    assert response.status_code == 200


def test_slot_write_with_current_etag_succeeds_and_returns_new_etag(programme: Programme):
    client = client_for(programme.users["organizer"])
    url = f"/api/v1/conferences/pytn/slots/{programme.wip_slot.pk}/"
    etag = client.get(url)["ETag"]
    response = client.patch(
        url, {"end": "2015-02-07T10:15:00-06:00"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert client.get(url)["ETag"] == response["ETag"]


def test_slot_write_with_stale_etag_is_refused_with_412(programme: Programme):
    """Two organizers read the slot; the second write, based on the old version, fails."""
    first, second = client_for(programme.users["organizer"]), client_for(programme.users["staff"])
    url = f"/api/v1/conferences/pytn/slots/{programme.wip_slot.pk}/"
    etag = first.get(url)["ETag"]
    assert second.get(url)["ETag"] == etag
    ok = first.patch(url, {"end": "2015-02-07T10:15:00-06:00"}, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200
    stale = second.patch(
        url, {"end": "2015-02-07T11:00:00-06:00"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    programme.wip_slot.refresh_from_db()
    assert programme.wip_slot.end.isoformat() == "2015-02-07T16:15:00+00:00"
    assert second.delete(url, HTTP_IF_MATCH=etag).status_code == 412


def test_slot_delete_with_current_etag(programme: Programme):
    client = client_for(programme.users["organizer"])
    url = f"/api/v1/conferences/pytn/slots/{programme.wip_slot.pk}/"
    etag = client.get(url)["ETag"]
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 204


def test_if_match_accepts_the_etag_gzip_made_weak(programme: Programme):
    client = client_for(programme.users["organizer"])
    url = f"/api/v1/conferences/pytn/slots/{programme.wip_slot.pk}/"
    etag = client.get(url)["ETag"]
    response = client.patch(url, {"title": "Opening"}, format="json", HTTP_IF_MATCH=f"W/{etag}")
    assert response.status_code == 200


# --- Credentials are checked before any 304 or stored copy --------------------------------

BAD_TOKEN = "Bearer not-a-real-token"
LATER_THAN_ANY_CHANGE = http_date(4102444800)  # 2100


@pytest.mark.parametrize("trust", [False, True], ids=["per-process cache", "shared cache"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/conferences/pytn/talks/",  # the page cache (cached_conference_view)
        "/api/v1/conferences/pytn/schedule/",  # the page cache
        "/api/v1/talks/",  # ConditionalGetMixin only
        "/api/v1/speakers/kyle-kelley/",
    ],
)
def test_a_bad_token_gets_401_even_when_a_copy_is_stored_and_fresh(
    api, programme: Programme, settings, trust: bool, url: str
):
    settings.PAGE_CACHE_TRUST_INVALIDATION = trust
    stored = api.get(url, HTTP_ACCEPT="application/json")  # stored for the public
    assert stored.status_code == 200
    for conditional in (
        {},
        {"HTTP_IF_NONE_MATCH": stored["ETag"]},
        {"HTTP_IF_NONE_MATCH": "*"},
        {"HTTP_IF_MODIFIED_SINCE": LATER_THAN_ANY_CHANGE},
    ):
        response = api.get(
            url, HTTP_ACCEPT="application/json", HTTP_AUTHORIZATION=BAD_TOKEN, **conditional
        )
        body = assert_error(response, 401)
        assert body["code"] == "authentication_failed"


def test_a_good_token_still_gets_its_304(api, programme: Programme):
    _, key = api_token_create(user=programme.users["organizer"], name="display")
    url = "/api/v1/conferences/pytn/talks/"
    headers = {"HTTP_ACCEPT": "application/json", "HTTP_AUTHORIZATION": f"Bearer {key}"}
    first = api.get(url, **headers)
    assert first.status_code == 200
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **headers).status_code == 304
