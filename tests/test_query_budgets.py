"""Every public page runs the same number of queries whatever the size of the data.

Each page is rendered cold (empty cache) with a small and a large data set and must
stay within the same fixed budget; warm (stored) renderings take none: the page's
version is counters in the cache.
"""

import datetime as dt

import pytest
from django.core.cache import cache

from talks.services import schedule_get_work_in_progress, schedule_release, slot_create
from tests.factories import (
    ConferenceFactory,
    RoomFactory,
    SpeakerFactory,
    TagFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db

# Cold budgets: the page's own queries (which tests/test_query_counts.py pins for every
# page, signed in or not); the version is read from the cache, not the database.
BUDGETS = {
    "home": 1,  # conferences
    "conference": 8,  # conference, release, talks, speakers, tags, rooms, tracks, tags
    "talk": 7,  # conference, release, talk, speakers, tags, slot, resources
    "speaker": 5,  # speaker, talks, releases, their slots (when and where), slot speakers
    "tag": 3,  # tag, talks, their conferences' releases
    # The long render paths: a fixed handful of queries however long the programme,
    # so that no change of selector slips a query per row back in.
    # conference, release, slots, speakers, rooms in use, tracks; the filter form's room,
    # track and tag choices (a ModelChoiceField queries as it renders)
    "schedule_grid": 9,
    "conference_ical": 5,  # conference, releases, slots with talks and rooms, speakers
    "frab_xml": 8,
    "frab_json": 8,
    "api_schedule_expanded": 5,  # conference, release, slots with talks, speakers, tags
    "api_speakers": 3,  # conference, speakers, their visible talks
}


def build(size: int) -> dict[str, str]:
    """A released conference of ``size`` talks, each with two speakers and two tags."""
    for _ in range(size):
        ConferenceFactory()  # other conferences for the home page
    conference = ConferenceFactory(slug="budget")
    star = SpeakerFactory(slug="star")
    python = TagFactory(slug="python")
    schedule = schedule_get_work_in_progress(conference=conference)
    start = dt.datetime(2015, 2, 7, 15, tzinfo=dt.UTC)
    talks = []
    for _ in range(size):
        # The star speaks at several conferences; the tag spans them too.
        talk = TalkFactory(conference=conference, speakers=[star, SpeakerFactory()])
        talk.tags.add(python, TagFactory())
        elsewhere = TalkFactory(speakers=[star])
        elsewhere.tags.add(python)
        room = RoomFactory(conference=conference)
        slot_create(
            schedule=schedule,
            room=room,
            talk=talk,
            start=start,
            end=start + dt.timedelta(minutes=30),
        )
        talks.append(talk)
    schedule_release(conference=conference, version="1.0")
    return {
        "home": "/",
        "conference": "/conferences/budget/",
        "talk": talks[0].get_absolute_url(),
        "speaker": "/speakers/star/",
        "tag": "/tags/python/",
        "schedule_grid": "/conferences/budget/schedule/",
        "conference_ical": "/conferences/budget/schedule.ics",
        "frab_xml": "/conferences/budget/schedule/export/schedule.xml",
        "frab_json": "/conferences/budget/schedule/export/schedule.json",
        "api_schedule_expanded": "/api/v1/conferences/budget/schedule/?expand=talk,speakers,room",
        "api_speakers": "/api/v1/conferences/budget/speakers/?page_size=50",
    }


@pytest.mark.parametrize("size", [1, 25])
@pytest.mark.parametrize("page", list(BUDGETS))
def test_page_query_count_does_not_grow_with_the_data(
    client, django_assert_num_queries, settings, page, size
):
    settings.PAGE_CACHE_TRUST_INVALIDATION = True
    url = build(size)[page]
    cache.clear()
    with django_assert_num_queries(BUDGETS[page]):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_num_queries(0):
        assert client.get(url).content == response.content
