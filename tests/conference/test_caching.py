"""Version-keyed page cache and conditional GET on the public pages."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from talks.models import Slot
from talks.services import schedule_get_work_in_progress, schedule_release, slot_create
from tests.factories import (
    RoomFactory,
    SpeakerFactory,
    TagFactory,
    TalkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=[False, True], ids=["db-checked", "trusted"])
def trust_invalidation(request, settings):
    """Every behaviour holds with and without the database-free fast path."""
    settings.PAGE_CACHE_TRUST_INVALIDATION = request.param
    return request.param


@pytest.fixture
def talk():
    speaker = SpeakerFactory(name="Kyle Kelley", slug="kyle-kelley")
    talk = TalkFactory(title="Building Services", speakers=[speaker])
    talk.tags.add(TagFactory(name="Python", slug="python"))
    return talk


def _place(talk, hour):
    schedule = schedule_get_work_in_progress(conference=talk.conference)
    room = RoomFactory(conference=talk.conference)
    start = dt.datetime(2015, 2, 7, hour, tzinfo=dt.UTC)
    return slot_create(
        schedule=schedule, room=room, talk=talk, start=start, end=start + dt.timedelta(minutes=45)
    )


def _pages(talk):
    return [
        reverse("home"),
        talk.conference.get_absolute_url(),
        talk.get_absolute_url(),
        "/speakers/kyle-kelley/",
        "/tags/python/",
    ]


def test_public_pages_send_etag_last_modified_and_public_cache_control(
    client, talk, trust_invalidation
):
    for url in _pages(talk):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["ETag"], url
        # Without a shared cache the ETag is the body's hash, and nothing says when it changed.
        assert response.has_header("Last-Modified") == trust_invalidation, url
        assert "public" in response["Cache-Control"], url
        assert "max-age=60" in response["Cache-Control"], url


def test_if_none_match_answers_304_without_a_body(client, talk):
    for url in _pages(talk):
        etag = client.get(url)["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b"", url
        assert again["ETag"] == etag, url


def test_if_modified_since_answers_304(client, talk, trust_invalidation):
    if not trust_invalidation:
        pytest.skip("no Last-Modified without a shared cache")
    url = talk.get_absolute_url()
    modified = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304


def test_a_talk_change_is_served_at_once_from_a_warm_cache(client, talk):
    urls = _pages(talk)[1:]
    etags = {url: client.get(url)["ETag"] for url in urls}
    talk.title = "Building Services, revised"
    talk.save()
    for url in urls:
        response = client.get(url, HTTP_IF_NONE_MATCH=etags[url])
        assert response.status_code == 200, url
        assert "Building Services, revised" in response.text, url
        assert response["ETag"] != etags[url], url


def test_a_speaker_rename_refreshes_the_talk_and_conference_pages(client, talk):
    urls = [talk.conference.get_absolute_url(), talk.get_absolute_url(), "/speakers/kyle-kelley/"]
    for url in urls:
        client.get(url)
    speaker = talk.speakers.get()
    speaker.name = "Kyle R. Kelley"
    speaker.save()
    for url in urls:
        assert "Kyle R. Kelley" in client.get(url).text, url


def test_a_new_release_is_served_at_once(client, talk):
    slot = _place(talk, 15)  # 09:00 in Nashville
    schedule_release(conference=talk.conference, version="1.0")
    url = talk.get_absolute_url()  # the talk page shows its slot's time
    first = client.get(url)
    assert "09:00" in first.text
    # Only the work in progress changes (no talk, no conference edit): the public page
    # keeps 1.0 until the release, then shows 1.1 at once.
    Slot.objects.filter(pk=slot.pk).update(
        start=slot.start + dt.timedelta(hours=2), end=slot.end + dt.timedelta(hours=2)
    )
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    schedule_release(conference=talk.conference, version="1.1")
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert "11:00" in second.text
    assert "09:00" not in second.text


def test_unpublishing_a_conference_hides_its_cached_pages(client, talk):
    urls = [talk.conference.get_absolute_url(), talk.get_absolute_url()]
    for url in urls:
        assert client.get(url).status_code == 200
    talk.conference.published = False
    talk.conference.save()
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert "Building Services" not in client.get("/speakers/kyle-kelley/").text


def test_a_deleted_talk_disappears_from_cached_lists(client, talk):
    other = TalkFactory(conference=talk.conference, title="Doomed Talk")
    other.tags.add(talk.tags.get())
    url = talk.conference.get_absolute_url()
    assert "Doomed Talk" in client.get(url).text
    assert "Doomed Talk" in client.get("/tags/python/").text
    other.delete()
    assert "Doomed Talk" not in client.get(url).text
    assert "Doomed Talk" not in client.get("/tags/python/").text


def test_warm_page_is_served_from_the_cache_without_a_query(
    client, talk, django_assert_num_queries, trust_invalidation
):
    url = talk.get_absolute_url()
    cold = client.get(url)
    checks = 0 if trust_invalidation else 6  # without a shared cache: rendered every time
    with django_assert_num_queries(checks):
        warm = client.get(url)
    assert warm.content == cold.content
    with django_assert_num_queries(checks):
        assert client.get(url, HTTP_IF_NONE_MATCH=cold["ETag"]).status_code == 304


def test_signed_in_visitors_get_a_private_fresh_page(client, talk):
    url = talk.get_absolute_url()
    public_etag = client.get(url)["ETag"]
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert response["ETag"] != public_etag
    assert "Cookie" in response["Vary"]


def test_missing_pages_still_answer_404(client):
    for url in [
        "/conferences/nope/",
        "/conferences/nope/talks/nope/",
        "/speakers/nope/",
        "/tags/nope/",
    ]:
        assert client.get(url).status_code == 404, url


def test_pages_are_rendered_again_when_the_cache_is_cleared_between_requests(client, talk):
    # A cold cache renders again and gives the same page (under new version counters).
    url = talk.get_absolute_url()
    first = client.get(url)
    cache.clear()
    second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content


def test_requests_with_an_authorization_header_are_never_served_shared_copies(client, talk):
    url = talk.get_absolute_url()
    shared = client.get(url)
    response = client.get(url, HTTP_AUTHORIZATION="Token abc")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert response["ETag"] != shared["ETag"]
    assert "Authorization" in response["Vary"]
