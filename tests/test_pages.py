import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import ConferenceFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def test_home_lists_published_conferences_only(client):
    ConferenceFactory(name="PyTennessee 2015")
    ConferenceFactory(name="Secret Conf", published=False)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "PyTennessee 2015" in response.text
    assert "Secret Conf" not in response.text


def test_unpublished_conference_page_is_not_found(client):
    conference = ConferenceFactory(published=False)
    assert client.get(conference.get_absolute_url()).status_code == 404


def test_demo_site_serves_the_keynote_and_its_speaker(client):
    call_command("loaddemo", verbosity=0)
    response = client.get("/conferences/pytennessee-2015/")
    assert "Building Services with Docker and Python" in response.text
    # The schedule (with its all-rooms lunch) is its own page, not part of the home page.
    schedule = client.get("/conferences/pytennessee-2015/schedule/")
    assert "The Glorious Food" in schedule.text
    talk = client.get(
        "/conferences/pytennessee-2015/talks/building-services-with-docker-and-python/"
    )
    assert "Kyle Kelley" in talk.text
    speaker = client.get("/speakers/kyle-kelley/")
    assert "PyTennessee 2015" in speaker.text


def test_followup_details_never_reach_public_pages(client):
    call_command("loaddemo", verbosity=0)
    pages = [
        "/",
        "/conferences/pytennessee-2015/",
        "/conferences/pytennessee-2015/talks/building-services-with-docker-and-python/",
        "/speakers/kyle-kelley/",
        "/tags/python/",
    ]
    for url in pages:
        body = client.get(url).text
        assert "brian.geiger@example.org" not in body, url
        assert "multi-user notebook server for our team" not in body, url


def test_tag_page_lists_talks_across_conferences(client):
    speaker = SpeakerFactory()
    first = TalkFactory(title="Alpha talk", speakers=[speaker])
    tag = first.tags.create(name="Python", slug="python")
    TalkFactory(title="Beta talk").tags.add(tag)
    response = client.get(reverse("talks:tag", kwargs={"slug": "python"}))
    assert "Alpha talk" in response.text
    assert "Beta talk" in response.text
