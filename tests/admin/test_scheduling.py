"""Scheduling rules as organizers meet them: refused with a message, or warned."""

import datetime as dt
import zoneinfo

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from talks.models import Slot
from talks.scheduling import schedule_conflicts
from talks.services import schedule_get_work_in_progress, schedule_release, slot_create
from tests.factories import BookmarkFactory, RoomFactory, SlotFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2015, 2, 7 + day, hour, minute, tzinfo=CHICAGO)


def _slot_form(schedule, *, room=None, talk=None, title="", start, end) -> dict:
    local = [start.astimezone(CHICAGO), end.astimezone(CHICAGO)]
    return {
        "schedule": schedule.pk,
        "room": room.pk if room else "",
        "talk": talk.pk if talk else "",
        "title": title,
        "start_0": local[0].strftime("%Y-%m-%d"),
        "start_1": local[0].strftime("%H:%M"),
        "end_0": local[1].strftime("%Y-%m-%d"),
        "end_1": local[1].strftime("%H:%M"),
    }


@pytest.fixture
def admin_client_for(client):
    # No TIME_ZONE change: the slot form reads times in the conference's zone by itself.

    def login(user):
        client.force_login(user)
        return client

    return login


def test_overlap_in_a_room_is_refused_in_the_admin_with_room_and_times(cast, admin_client_for):
    room = RoomFactory(conference=cast.ours, name="Main Hall")
    wip = schedule_get_work_in_progress(conference=cast.ours)
    first = SlotFactory(schedule=wip, room=room, start=at(0, 9), end=at(0, 10))
    client = admin_client_for(cast.organizer)
    talk = TalkFactory(conference=cast.ours)
    response = client.post(
        reverse("admin:talks_slot_add"),
        _slot_form(wip, room=room, talk=talk, start=at(0, 9, 30), end=at(0, 10, 30)),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors == [f"Main Hall is taken from Sat 07 Feb 09:00 to 10:00 by “{first.talk}”."]
    assert wip.slots.count() == 1


def test_end_before_start_is_refused_in_the_admin(cast, admin_client_for):
    wip = schedule_get_work_in_progress(conference=cast.ours)
    client = admin_client_for(cast.organizer)
    response = client.post(
        reverse("admin:talks_slot_add"),
        _slot_form(wip, title="Lunch", start=at(0, 12), end=at(0, 11)),
    )
    assert response.context["adminform"].form.errors["end"] == ["A slot must end after it starts."]
    assert not wip.slots.exists()


def test_slot_outside_the_conference_days_is_refused(cast, admin_client_for):
    wip = schedule_get_work_in_progress(conference=cast.ours)
    client = admin_client_for(cast.organizer)
    response = client.post(
        reverse("admin:talks_slot_add"),
        _slot_form(wip, title="Lunch", start=at(2, 12), end=at(2, 13)),
    )
    (message,) = response.context["adminform"].form.errors["start"]
    assert "falls outside its days" in message
    # The night after the last day belongs to it until day_change (04:00).
    slot_create(schedule=wip, title="Late party", start=at(1, 23), end=at(2, 3))
    with pytest.raises(ValidationError):
        slot_create(schedule=wip, title="Too late", start=at(2, 3), end=at(2, 5))


def test_slot_with_another_conferences_room_or_talk_is_refused(cast):
    wip = schedule_get_work_in_progress(conference=cast.ours)
    with pytest.raises(ValidationError) as excinfo:
        slot_create(
            schedule=wip,
            room=RoomFactory(conference=cast.theirs),
            talk=TalkFactory(conference=cast.theirs),
            start=at(0, 9),
            end=at(0, 10),
        )
    assert set(excinfo.value.message_dict) == {"room", "talk"}


def test_released_schedule_is_immutable(cast, admin_client_for):
    slot = SlotFactory(schedule=schedule_get_work_in_progress(conference=cast.ours))
    release = schedule_release(conference=cast.ours, version="1.0")
    released_slot = release.slots.get()
    for user in (cast.organizer, cast.superuser):
        client = admin_client_for(user)
        url = reverse("admin:talks_slot_change", args=[released_slot.pk])
        assert client.get(url).context["has_change_permission"] is False
        assert client.post(url, {}).status_code == 403
        schedule_url = reverse("admin:talks_schedule_change", args=[release.pk])
        assert client.post(schedule_url, {"comment": "x"}).status_code == 403
    with pytest.raises(ValidationError):
        slot_create(schedule=release, title="Extra", start=at(0, 18), end=at(0, 19))
    assert release.slots.count() == 1
    assert slot.schedule.slots.count() == 1


def test_speaker_in_two_places_is_warned_not_refused(cast, admin_client_for):
    speaker = SpeakerFactory(name="Kyle Kelley")
    wip = schedule_get_work_in_progress(conference=cast.ours)
    SlotFactory(
        schedule=wip,
        talk=TalkFactory(conference=cast.ours, title="Keynote", speakers=[speaker]),
        start=at(0, 9),
        end=at(0, 10),
    )
    client = admin_client_for(cast.organizer)
    response = client.post(
        reverse("admin:talks_slot_add"),
        _slot_form(
            wip,
            room=RoomFactory(conference=cast.ours),
            talk=TalkFactory(conference=cast.ours, title="Workshop", speakers=[speaker]),
            start=at(0, 9, 30),
            end=at(0, 11),
        ),
    )
    assert response.status_code == 302
    assert wip.slots.count() == 2
    warnings = [str(m) for m in get_messages(response.wsgi_request) if "Warning" in str(m)]
    assert len(warnings) == 1
    assert "Kyle Kelley is in two places at once" in warnings[0]


def test_talk_longer_than_its_slot_and_room_over_capacity_are_warned(cast):
    wip = schedule_get_work_in_progress(conference=cast.ours)
    talk = TalkFactory(conference=cast.ours, title="Long", duration=dt.timedelta(minutes=60))
    room = RoomFactory(conference=cast.ours, name="Tiny", capacity=2)
    BookmarkFactory.create_batch(3, talk=talk)
    slot = slot_create(schedule=wip, room=room, talk=talk, start=at(0, 9), end=at(0, 9, 45))
    conflicts = {c.kind: c for c in schedule_conflicts(schedule=wip)}
    assert conflicts["duration"].message == "“Long” needs 60 minutes but its slot has 45."
    assert conflicts["capacity"].message == "“Long” has 3 bookmarks; Tiny seats 2."
    assert conflicts["duration"].slot_ids == (slot.pk,)
    assert Slot.objects.filter(pk=slot.pk).exists()


def test_no_warnings_for_a_sound_schedule(cast):
    wip = schedule_get_work_in_progress(conference=cast.ours)
    speaker = SpeakerFactory()
    for hour in (9, 10):
        SlotFactory(
            schedule=wip,
            talk=TalkFactory(conference=cast.ours, speakers=[speaker]),
            start=at(0, hour),
            end=at(0, hour + 1),
        )
    assert schedule_conflicts(schedule=wip) == []
