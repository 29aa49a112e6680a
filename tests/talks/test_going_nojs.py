"""'I'm going' without JavaScript: after the POST and the redirect, every page that shows
the viewer's state shows the new one, in words that agree with the count (issue 16)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    ConferenceFactory,
    ReleasedScheduleFactory,
    SlotFactory,
    TalkFactory,
    UserFactory,
)
from tests.website import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(trusted):
    conference = ConferenceFactory()
    talk = TalkFactory(conference=conference, title="The keynote")
    SlotFactory(
        schedule=ReleasedScheduleFactory(conference=conference),
        talk=talk,
        start=local(conference, 0, 9),
        end=local(conference, 0, 10),
    )
    return talk


def _browser():
    browser = Client()
    browser.force_login(UserFactory())
    return browser


def _going(browser, talk, action, next_url):
    url = reverse("talks:going", kwargs={"conference": talk.conference.slug, "slug": talk.slug})
    response = browser.post(url, {"action": action, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    return next_url


def test_the_count_reads_right_for_one_and_for_many(talk):
    url = talk.get_absolute_url()
    first = _browser()
    _going(first, talk, "add", url)
    page = first.get(url)
    assert "<span data-going-count>1</span> <span data-going-label>person is going</span>" in (
        page.text
    )
    _going(_browser(), talk, "add", url)
    assert "<span data-going-label>people are going</span>" in first.get(url).text


def test_removing_from_the_personal_schedule_shows_it_gone_after_the_redirect(talk):
    browser = _browser()
    mine = reverse("me:schedule")
    _going(browser, talk, "add", talk.get_absolute_url())
    before = browser.get(mine)
    assert before.status_code == 200
    assert 'name="action" value="remove"' in before.text
    _going(browser, talk, "remove", mine)
    after = browser.get(mine, HTTP_IF_NONE_MATCH=before.get("ETag", ""))
    assert after.status_code == 200
    assert 'name="action" value="remove"' not in after.text
    assert "from your schedule" in after.text  # the message says what happened


def test_the_talk_page_after_the_redirect_is_never_the_shared_copy(talk):
    url = talk.get_absolute_url()
    Client().get(url)  # an anonymous visitor's rendering is stored for everyone
    browser = _browser()
    _going(browser, talk, "add", url)
    page = browser.get(url)
    assert page.status_code == 200
    assert 'aria-pressed="true"' in page.text
    assert "private" in page["Cache-Control"]
