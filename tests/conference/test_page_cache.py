"""The fast path: stored pages served without the database until a write happens."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from conference.infrastructure.page_versions import pages_changed
from talks.models import Talk
from tests.factories import (
    BookmarkFactory,
    FollowUpFactory,
    SpeakerFactory,
    TagFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk():
    talk = TalkFactory(title="Original Title", speakers=[SpeakerFactory(slug="someone")])
    talk.tags.add(TagFactory(slug="python"))
    return talk


def _urls(talk):
    return [
        "/",
        talk.conference.get_absolute_url(),
        talk.get_absolute_url(),
        "/speakers/someone/",
        "/tags/python/",
    ]


def test_warm_pages_need_no_query_until_something_changes(
    trusted, client, talk, django_assert_num_queries
):
    for url in _urls(talk):
        cold = client.get(url)
        with django_assert_num_queries(0):
            warm = client.get(url)
        assert warm.content == cold.content, url
        with django_assert_num_queries(0):
            assert client.get(url, HTTP_IF_NONE_MATCH=cold["ETag"]).status_code == 304, url


def test_a_saved_talk_is_served_at_once_on_the_fast_path(trusted, client, talk):
    for url in _urls(talk)[1:]:
        client.get(url)
    talk.title = "Changed Title"
    talk.save()
    for url in _urls(talk)[1:]:
        assert "Changed Title" in client.get(url).text, url


def test_a_write_to_another_conference_leaves_the_stored_page_alone(
    trusted, client, talk, django_assert_num_queries
):
    elsewhere = TalkFactory()
    neighbour = TalkFactory(conference=talk.conference)
    url = talk.get_absolute_url()
    first = client.get(url)
    elsewhere.title = "Another conference's talk"
    elsewhere.save()
    BookmarkFactory(talk=neighbour)  # another talk's count
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content


def test_writes_to_rows_no_page_shows_bump_nothing(trusted, client, talk):
    """Follow-ups, their notes and the like are on no public page (talks/page_scopes.py)."""
    client.get(talk.get_absolute_url())
    slug = talk.conference.slug
    keys = [
        f"hallway:pages:v:{scope}"
        for scope in ("site", "catalogue", f"conference:{slug}", f"talk:{slug}:{talk.slug}")
    ]
    before = cache.get_many(keys)
    FollowUpFactory(talk=talk)
    assert cache.get_many(keys) == before


def test_bulk_updates_show_after_pages_changed(trusted, client, talk):
    url = talk.get_absolute_url()
    client.get(url)
    # No signal is sent: the writer says which conference's pages changed.
    Talk.objects.filter(pk=talk.pk).update(title="Bulk Title", updated_at=timezone.now())
    assert "Original Title" in client.get(url).text
    pages_changed(conference=talk.conference)
    assert "Bulk Title" in client.get(url).text


def test_a_lost_version_counter_never_serves_the_stored_page(trusted, client, talk):
    """Counters evicted (an LRU-limited Redis) or never written start afresh: the stored
    page was made under another value, so it is rendered again."""
    url = talk.get_absolute_url()
    client.get(url)
    Talk.objects.filter(pk=talk.pk).update(title="Quiet Title")
    cache.delete(f"hallway:pages:v:conference:{talk.conference.slug}")
    assert "Quiet Title" in client.get(url).text


def test_without_a_shared_cache_every_request_renders_and_the_etag_is_the_body(
    settings, client, talk, django_assert_num_queries
):
    settings.PAGE_CACHE_TRUST_INVALIDATION = False
    url = talk.get_absolute_url()
    first = client.get(url)
    Talk.objects.filter(pk=talk.pk).update(title="Bulk Title")
    with django_assert_num_queries(6):  # the talk page's own queries, no version check
        changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert "Bulk Title" in changed.text
    assert changed["ETag"] != first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304


def test_a_link_made_from_the_other_side_refreshes_the_owners_pages(trusted, client, talk):
    """talk.tags is Talk's field: tag.talks.add(talk) changes the talk's pages too."""
    url = talk.conference.get_absolute_url()
    client.get(url)
    TagFactory(name="Reverse Tag", slug="reverse").talks.add(talk)
    assert "Reverse Tag" in client.get(url).text
