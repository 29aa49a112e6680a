"""Reading the published programme: visibility, private fields, filters, expansion, times."""

import datetime as dt

import pytest
from django.utils import timezone

from talks.services import schedule_get_work_in_progress, schedule_release, slot_create
from tests.api.conftest import ROLES, Programme, client_for
from tests.factories import (
    ConferenceFactory,
    RoomFactory,
    SeriesFactory,
    SpeakerFactory,
    TagFactory,
    TalkFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


@pytest.mark.parametrize("role", ROLES)
def test_drafts_and_unpublished_conferences_only_for_those_allowed(programme: Programme, role):
    draft = TalkFactory(conference=programme.conference, slug="draft-talk", state="draft")
    draft.talk_speakers.create(speaker=programme.speaker)
    hidden = ConferenceFactory(slug="hidden", published=False)
    TalkFactory(conference=hidden, slug="hidden-talk")
    client = client_for(programme.users[role])

    sees_draft = role in {"volunteer", "organizer", "lead", "staff", "speaker"}
    assert ("draft-talk" in slugs(client.get("/api/v1/talks/"))) == sees_draft
    expected = 200 if sees_draft else 404
    assert client.get("/api/v1/conferences/pytn/talks/draft-talk/").status_code == expected
    sees_hidden = role == "staff"
    assert ("hidden" in slugs(client.get("/api/v1/conferences/"))) == sees_hidden
    assert ("hidden-talk" in slugs(client.get("/api/v1/talks/"))) == sees_hidden


@pytest.mark.parametrize("role", ROLES)
def test_speaker_email_only_for_the_speaker_their_organizers_and_staff(programme, role):
    client = client_for(programme.users[role])
    email = client.get("/api/v1/speakers/kyle-kelley/").json()["email"]
    # Its editors read it; volunteers (read-only helpers) do not, as in the admin.
    allowed = role in {"speaker", "organizer", "lead", "staff"}
    assert email == ("kyle@example.org" if allowed else None)
    listed = client.get("/api/v1/conferences/pytn/talks/?expand=speakers").json()["results"]
    assert listed[0]["speakers"][0]["email"] == ("kyle@example.org" if allowed else None)
    assert ("kyle@example.org" in client.get("/api/v1/speakers/").content.decode()) == allowed


def test_times_are_local_with_offset_and_zone_name(api, programme: Programme):
    schedule = api.get("/api/v1/conferences/pytn/schedule/").json()
    assert schedule["timezone"] == "America/Chicago"
    slot = schedule["slots"][0]
    assert slot["start"] == "2015-02-07T09:00:00-06:00"
    assert slot["end"] == "2015-02-07T10:00:00-06:00"
    talk = api.get("/api/v1/conferences/pytn/talks/keynote/").json()
    assert talk["placement"]["start"] == "2015-02-07T09:00:00-06:00"
    assert talk["placement"]["room"]["name"] == "Main Hall"
    assert talk["timezone"] == "America/Chicago"


def test_schedule_is_the_latest_release_not_the_work_in_progress(api, programme: Programme):
    wip = schedule_get_work_in_progress(conference=programme.conference)
    start = dt.datetime(2015, 2, 7, 12, 0, tzinfo=programme.conference.tzinfo)
    slot_create(schedule=wip, title="Lunch", start=start, end=start + dt.timedelta(hours=1))
    titles = [s["title"] for s in api.get("/api/v1/conferences/pytn/schedule/").json()["slots"]]
    assert titles == ["Keynote"]
    schedule_release(conference=programme.conference, version="1.1")
    schedule = api.get("/api/v1/conferences/pytn/schedule/").json()
    assert schedule["version"] == "1.1"
    assert [s["title"] for s in schedule["slots"]] == ["Keynote", "Lunch"]
    versions = api.get("/api/v1/conferences/pytn/schedules/").json()["results"]
    assert [v["version"] for v in versions] == ["1.1", "1.0"]
    assert [e["type"] for e in versions[1]["changelog"]] == ["added"]


def test_schedule_for_one_day_and_expanded(api, programme: Programme):
    wip = schedule_get_work_in_progress(conference=programme.conference)
    day_two = dt.datetime(2015, 2, 8, 10, 0, tzinfo=programme.conference.tzinfo)
    talk = TalkFactory(conference=programme.conference, title="Day two")
    slot_create(schedule=wip, talk=talk, start=day_two, end=day_two + dt.timedelta(hours=1))
    schedule_release(conference=programme.conference, version="1.1")
    url = "/api/v1/conferences/pytn/schedule/?day=2015-02-08&expand=talk,speakers,room"
    schedule = api.get(url).json()
    assert schedule["day"] == "2015-02-08"
    assert [s["talk"]["title"] for s in schedule["slots"]] == ["Day two"]
    whole = api.get("/api/v1/conferences/pytn/schedule/?expand=talk,speakers,room").json()
    first = whole["slots"][0]
    assert first["room"]["name"] == "Main Hall"
    assert first["talk"]["speakers"][0]["name"] == "Kyle Kelley"
    plain = api.get("/api/v1/conferences/pytn/schedule/").json()["slots"][0]
    assert plain["room"] == first["room"]["id"]
    assert plain["talk"] == first["talk"]["id"]


def test_no_release_yet_is_a_404(api):
    ConferenceFactory(slug="fresh")
    assert api.get("/api/v1/conferences/fresh/schedule/").status_code == 404


def test_conference_filters(api):
    series = SeriesFactory(slug="pytennessee")
    ConferenceFactory(
        slug="pytn-2015",
        series=series,
        start_date=dt.date(2015, 2, 7),
        end_date=dt.date(2015, 2, 8),
    )
    today = timezone.localdate()
    ConferenceFactory(
        slug="future",
        start_date=today + dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=31),
    )
    assert slugs(api.get("/api/v1/conferences/?year=2015")) == ["pytn-2015"]
    assert slugs(api.get("/api/v1/conferences/?series=pytennessee")) == ["pytn-2015"]
    assert slugs(api.get("/api/v1/conferences/?when=upcoming")) == ["future"]
    assert slugs(api.get("/api/v1/conferences/?when=past")) == ["pytn-2015"]


def test_talk_filters(api, programme: Programme):
    conference = programme.conference
    track = TrackFactory(conference=conference, slug="data")
    tag = TagFactory(slug="jupyter", name="Jupyter")
    other = TalkFactory(
        conference=conference,
        slug="other",
        title="Notebooks at scale",
        track=track,
        kind="workshop",
    )
    other.tags.add(tag)
    TalkFactory(conference=programme.other_conference, slug="elsewhere")
    room = RoomFactory(conference=conference, name="Room B")
    wip = schedule_get_work_in_progress(conference=conference)
    start = dt.datetime(2015, 2, 8, 9, 0, tzinfo=conference.tzinfo)
    slot_create(schedule=wip, talk=other, room=room, start=start, end=start + dt.timedelta(hours=1))
    schedule_release(conference=conference, version="1.1")

    def talks(query: str) -> list[str]:
        return slugs(api.get(f"/api/v1/talks/?{query}"))

    assert talks("conference=pytn") == ["keynote", "other"]
    assert talks("day=2015-02-07") == ["keynote"]
    assert talks("day=2015-02-08") == ["other"]
    assert talks(f"room={room.pk}") == ["other"]
    assert talks("track=data") == ["other"]
    assert talks("tag=jupyter") == ["other"]
    assert talks("kind=workshop") == ["other"]
    assert talks("speaker=kyle-kelley") == ["keynote"]
    assert talks("state=cancelled") == []
    assert talks("q=notebooks") == ["other"]
    assert talks("q=kyle") == ["keynote"]
    assert talks("ordering=-title&conference=pytn") == ["other", "keynote"]
    future = (timezone.now() + dt.timedelta(minutes=1)).isoformat()
    assert talks(f"updated_since={future.replace('+', '%2B')}") == []
    other.save()
    assert talks("updated_since=2000-01-01T00:00:00Z&conference=pytn") == ["keynote", "other"]


def test_speakers_catalogue_lists_their_published_talks(api, programme: Programme):
    hidden = ConferenceFactory(published=False)
    TalkFactory(conference=hidden, speakers=[programme.speaker], slug="secret")
    TalkFactory(conference=programme.other_conference, speakers=[programme.speaker], slug="two")
    speaker = api.get("/api/v1/speakers/kyle-kelley/").json()
    assert sorted(t["slug"] for t in speaker["talks"]) == ["keynote", "two"]
    SpeakerFactory(slug="nobody")  # no talks: not in the public catalogue
    assert slugs(api.get("/api/v1/speakers/")) == ["kyle-kelley"]
    assert slugs(api.get("/api/v1/speakers/?q=kyle")) == ["kyle-kelley"]
    assert slugs(api.get("/api/v1/conferences/other-conf/speakers/")) == ["kyle-kelley"]


def test_cursor_pagination_walks_every_talk_once(api, programme: Programme):
    for n in range(7):
        TalkFactory(conference=programme.conference, title=f"Talk {n:02}")
    seen, url = [], "/api/v1/talks/?page_size=3"
    while url:
        page = api.get(url).json()
        seen += [t["title"] for t in page["results"]]
        url = page["next"]
    assert seen == sorted(seen)
    assert len(seen) == len(set(seen)) == 8


def test_page_size_is_capped(api, programme: Programme):
    for _ in range(3):
        TalkFactory(conference=programme.conference)
    from talks.api import pagination

    pagination.HallwayCursorPagination.max_page_size = 2
    try:
        assert len(api.get("/api/v1/talks/?page_size=1000").json()["results"]) == 2
    finally:
        pagination.HallwayCursorPagination.max_page_size = pagination.MAX_PAGE_SIZE
