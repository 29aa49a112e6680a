"""What the page cache keeps: one entry per page, whatever the query strings; and the
signed-in "I'm going" round trip without JavaScript, which must never meet a stale 304."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from talks.models import Bookmark
from tests.factories import SpeakerFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(trusted):
    cache.clear()
    return TalkFactory(title="Bounded", speakers=[SpeakerFactory()])


def _stored_pages() -> list[str]:
    """The stored renderings' keys, in local memory or in Redis (this test's database)."""
    backend = cache._cache  # type: ignore[attr-defined] - the backend's own store
    if hasattr(backend, "get_client"):
        return [k.decode() for k in backend.get_client().keys("*:page5:*")]
    return [k for k in backend if ":page5:" in k]


def test_unknown_query_parameters_redirect_to_the_page_and_store_nothing(client, talk):
    url = talk.get_absolute_url()
    assert client.get(url).status_code == 200
    assert len(_stored_pages()) == 1
    for n in range(400):
        response = client.get(url, {f"junk{n}": n, "tz": "UTC"})
        assert response.status_code == 302
        assert response["Location"] == f"{url}?tz=UTC"
    assert len(_stored_pages()) == 1


def test_junk_values_of_a_parameter_the_page_reads_share_a_few_entries(client, talk, settings):
    settings.PAGE_CACHE_QUERY_VARIANTS = 4
    url = talk.get_absolute_url()
    for n in range(400):
        # An unknown zone is ignored: the page is the plain one, stored under its query.
        assert client.get(url, {"tz": f"Nowhere/{n}"}).status_code == 200
    assert len(_stored_pages()) <= 4
    for n in (0, 399):
        # Each variant is still right: a slot holds one query string at a time.
        response = client.get(url, {"tz": f"Nowhere/{n}"})
        assert response.status_code == 200
        assert "Bounded" in response.text


def test_searches_share_a_few_entries(client, talk, settings):
    settings.PAGE_CACHE_QUERY_VARIANTS = 4
    for n in range(100):
        assert client.get("/search/", {"q": f"query {n}"}).status_code == 200
    assert len(_stored_pages()) <= 4


_FORM = re.compile(
    r'name="csrfmiddlewaretoken" value="(?P<csrf>[^"]+)".*?'
    r'name="next" value="(?P<next>[^"]+)".*?name="action" value="(?P<action>\w+)"',
    re.S,
)


def _going_count(page) -> str:
    found = re.search(r"<span data-going-count>(\d+)</span>", page.text)
    assert found is not None
    return found[1]


def test_going_without_javascript_shows_the_new_state_each_time(talk):
    """A browser with JavaScript off: it keeps the page and its ETag, posts the form,
    follows the redirect with If-None-Match, and must see what it just did."""
    browser = Client(enforce_csrf_checks=True)
    user = UserFactory()
    browser.force_login(user)
    url = talk.get_absolute_url()
    page = browser.get(url)
    page = browser.get(url)  # now with the CSRF cookie the first rendering set
    assert _going_count(page) == "0"
    for expected_action, going, count in (("add", True, 1), ("remove", False, 0)):
        form = _FORM.search(page.text)
        assert form is not None
        assert form["action"] == expected_action
        posted = browser.post(
            f"{url}going/",
            {"csrfmiddlewaretoken": form["csrf"], "next": form["next"], "action": form["action"]},
        )
        assert posted.status_code == 302
        assert posted["Location"] == url
        assert Bookmark.objects.filter(user=user, talk=talk).exists() == going
        page = browser.get(url, HTTP_IF_NONE_MATCH=page["ETag"])
        assert page.status_code == 200
        assert ('aria-pressed="true"' in page.text) == going
        assert _going_count(page) == str(count)
        # And once more, now that the message is shown: still the new state.
        again = browser.get(url, HTTP_IF_NONE_MATCH=page["ETag"])
        assert again.status_code in (200, 304)
        if again.status_code == 200:
            page = again
        assert ('aria-pressed="true"' in page.text) == going
