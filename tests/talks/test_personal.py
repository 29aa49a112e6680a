import pytest
from django.urls import reverse

from talks.models import Bookmark, CalendarFeed
from tests.factories import (
    ConferenceFactory,
    ReleasedScheduleFactory,
    RoomFactory,
    SlotFactory,
    TalkFactory,
    TrackFactory,
    UserFactory,
)
from tests.website import local

pytestmark = pytest.mark.django_db


def test_my_schedule_needs_a_login(client):
    response = client.get(reverse("me:schedule"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_my_schedule_lists_my_talks_by_day_and_marks_clashes(client):
    conference = ConferenceFactory()
    schedule = ReleasedScheduleFactory(conference=conference)
    hall, side = RoomFactory(conference=conference), RoomFactory(conference=conference)
    user = UserFactory()
    first = SlotFactory(
        schedule=schedule,
        room=hall,
        talk__title="Morning A",
        start=local(conference, 0, 9),
        end=local(conference, 0, 10),
    )
    clash = SlotFactory(
        schedule=schedule,
        room=side,
        talk__title="Morning B",
        start=local(conference, 0, 9, 30),
        end=local(conference, 0, 10, 30),
    )
    alone = SlotFactory(
        schedule=schedule,
        room=hall,
        talk__title="Sunday C",
        start=local(conference, 1, 9),
        end=local(conference, 1, 10),
    )
    unscheduled = TalkFactory(conference=conference, title="Not placed")
    not_mine = SlotFactory(
        schedule=schedule,
        room=side,
        talk__title="Not mine",
        start=local(conference, 1, 11),
        end=local(conference, 1, 12),
    )
    for slot in (first, clash, alone):
        Bookmark.objects.create(user=user, talk=slot.talk)
    Bookmark.objects.create(user=user, talk=unscheduled)
    Bookmark.objects.create(user=UserFactory(), talk=not_mine.talk)
    client.force_login(user)
    response = client.get(reverse("me:schedule"))
    personal = response.context["personal"]
    assert [[s.display_title for s in d.slots] for d in personal.days] == [
        ["Morning A", "Morning B"],
        ["Sunday C"],
    ]
    assert personal.clashing_slot_ids == {first.pk, clash.pk}
    assert [t.title for t in personal.unscheduled] == ["Not placed"]
    assert response.text.count("Clashes with another of your talks") == 2
    assert "Not mine" not in response.text
    assert "09:00" in response.text  # conference time, not UTC (15:00)


def test_my_schedule_keeps_track_colours_and_names_the_zone_once(client):
    conference = ConferenceFactory(slug="pyt")
    schedule = ReleasedScheduleFactory(conference=conference)
    data = TrackFactory(conference=conference, slug="data")
    user = UserFactory()
    for hour in (9, 11):
        slot = SlotFactory(
            schedule=schedule,
            talk=TalkFactory(conference=conference, track=data),
            start=local(conference, 0, hour),
            end=local(conference, 0, hour + 1),
        )
        Bookmark.objects.create(user=user, talk=slot.talk)
    client.force_login(user)
    text = client.get(reverse("me:schedule")).text
    assert text.count('class="slot track-data has-track"') == 2
    assert reverse("conference:tracks_css", kwargs={"slug": "pyt"}) in text
    assert text.count("Times are in <strong>America/Chicago</strong>") == 1


def test_calendar_address_is_made_and_revoked_from_my_schedule(client):
    user = UserFactory()
    client.force_login(user)
    assert "Make my private calendar address" in client.get(reverse("me:schedule")).text
    client.post(reverse("me:calendar_feed"), {"action": "create"})
    token = CalendarFeed.objects.get(user=user).token
    page = client.get(reverse("me:schedule")).text
    assert f"/me/calendar/{token}.ics" in page
    client.post(reverse("me:calendar_feed"), {"action": "revoke"})
    new_token = CalendarFeed.objects.get(user=user).token
    assert new_token != token
    assert token not in client.get(reverse("me:schedule")).text


def test_calendar_feed_changes_need_a_post(client):
    client.force_login(UserFactory())
    assert client.get(reverse("me:calendar_feed")).status_code == 405
