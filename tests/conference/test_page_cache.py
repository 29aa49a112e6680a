"""The fast path: stored pages served without the database until a write happens."""

import time

import pytest
from django.utils import timezone

from conference.page_cache import pages_changed
from talks.models import Talk
from tests.factories import SpeakerFactory, TagFactory, TalkFactory

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


def test_an_unrelated_write_costs_one_revalidation_query_not_a_render(
    trusted, client, talk, django_assert_num_queries
):
    url = talk.get_absolute_url()
    first = client.get(url)
    TalkFactory()  # another conference's talk: this page's version is unchanged
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.content == first.content
    with django_assert_num_queries(0):
        client.get(url)


def test_bulk_updates_show_after_pages_changed(trusted, client, talk):
    url = talk.get_absolute_url()
    client.get(url)
    # No signal is sent; the importer-style update does set updated_at.
    Talk.objects.filter(pk=talk.pk).update(title="Bulk Title", updated_at=timezone.now())
    assert "Original Title" in client.get(url).text
    pages_changed()
    assert "Bulk Title" in client.get(url).text


def test_a_stored_page_is_revalidated_after_the_revalidation_period(
    trusted, settings, client, talk
):
    url = talk.get_absolute_url()
    client.get(url)
    Talk.objects.filter(pk=talk.pk).update(
        title="Quiet Title", updated_at=talk.updated_at.replace(year=2030)
    )
    settings.PAGE_REVALIDATE_SECONDS = 0
    time.sleep(0.01)
    assert "Quiet Title" in client.get(url).text


def test_without_a_shared_cache_every_request_checks_the_database(
    settings, client, talk, django_assert_num_queries
):
    settings.PAGE_CACHE_TRUST_INVALIDATION = False
    url = talk.get_absolute_url()
    client.get(url)
    Talk.objects.filter(pk=talk.pk).update(
        title="Bulk Title", updated_at=talk.updated_at.replace(year=2030)
    )
    with django_assert_num_queries(7):  # the version check, then the talk page's six
        assert "Bulk Title" in client.get(url).text
    with django_assert_num_queries(1):
        assert "Bulk Title" in client.get(url).text
