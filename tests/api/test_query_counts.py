"""Each list endpoint runs the same number of queries for 10 talks as for 300."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conference.models import Room
from talks.models import Bookmark, Slot, Speaker, Talk, TalkSpeaker
from talks.services import schedule_get_work_in_progress, schedule_release
from tests.api.conftest import client_for
from tests.factories import (
    ConferenceFactory,
    OrganizerMembershipFactory,
    TagFactory,
    TrackFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROOMS = 10


def grow_programme(conference, user, upto: int) -> None:
    """Add talks (2 speakers, a track, tags, a slot, a bookmark each) until there are upto."""
    have = Talk.objects.filter(conference=conference).count()
    rooms = list(Room.objects.filter(conference=conference)) or Room.objects.bulk_create(
        Room(conference=conference, name=f"Room {n}", position=n) for n in range(ROOMS)
    )
    track = TrackFactory(conference=conference)
    tags = [TagFactory(), TagFactory()]
    new = range(have, upto)
    talks = Talk.objects.bulk_create(
        Talk(conference=conference, title=f"Talk {n:04}", slug=f"talk-{n}", track=track)
        for n in new
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(name=f"Speaker {n}", slug=f"speaker-{conference.pk}-{n}", email=f"s{n}@x.org")
        for n in range(have * 2, upto * 2)
    )
    TalkSpeaker.objects.bulk_create(
        TalkSpeaker(talk=talk, speaker=speakers[2 * i + j], position=j)
        for i, talk in enumerate(talks)
        for j in range(2)
    )
    Talk.tags.through.objects.bulk_create(
        Talk.tags.through(talk=talk, tag=tag) for talk in talks for tag in tags
    )
    wip = schedule_get_work_in_progress(conference=conference)
    first = dt.datetime(2015, 2, 7, 9, 0, tzinfo=conference.tzinfo)
    Slot.objects.bulk_create(
        Slot(
            schedule=wip,
            talk=talk,
            room=rooms[n % ROOMS],
            start=first + dt.timedelta(minutes=30 * (n // ROOMS)),
            end=first + dt.timedelta(minutes=30 * (n // ROOMS) + 25),
        )
        for n, talk in zip(new, talks, strict=True)
    )
    Bookmark.objects.bulk_create(Bookmark(user=user, talk=talk) for talk in talks)
    schedule_release(conference=conference, version=f"v{upto}")


LIST_URLS = [
    "/api/v1/conferences/",
    "/api/v1/talks/?expand=speakers,track,tags&page_size=500",
    "/api/v1/talks/?conference={c}&q=talk&page_size=500",
    "/api/v1/conferences/{c}/talks/?expand=speakers&page_size=500",
    "/api/v1/conferences/{c}/rooms/",
    "/api/v1/conferences/{c}/tracks/",
    "/api/v1/conferences/{c}/speakers/?page_size=500",
    "/api/v1/speakers/?page_size=500",
    "/api/v1/tags/",
    "/api/v1/conferences/{c}/schedule/",
    "/api/v1/conferences/{c}/schedule/?expand=talk,speakers,room",
    "/api/v1/conferences/{c}/schedules/",
    "/api/v1/conferences/{c}/slots/?expand=talk,speakers,room&page_size=500",
    "/api/v1/me/bookmarks/?page_size=500",
    "/api/v1/me/schedule/?expand=talk,speakers",
]


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize("role", ["anonymous", "organizer"])
def test_query_count_is_the_same_for_10_and_300_talks(url, role, django_assert_num_queries):
    conference = ConferenceFactory(slug="big")
    organizer = OrganizerMembershipFactory(conference=conference, user=UserFactory()).user
    user = organizer if role == "organizer" else None
    if user is None and url.startswith(("/api/v1/me/", "/api/v1/conferences/{c}/slots/")):
        pytest.skip("signed-in only")
    client = client_for(user)
    url = url.format(c=conference.slug)

    grow_programme(conference, organizer, 10)
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    assert response.status_code == 200, response.content

    grow_programme(conference, organizer, 300)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    items = body["results"] if isinstance(body, dict) and "results" in body else body
    if isinstance(body, dict) and "slots" in body:
        items = body["slots"]
    if "talk" in url or "slot" in url or "schedule/" in url or "bookmarks" in url:
        assert len(items) >= 300
