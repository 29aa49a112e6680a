"""Builders for the website tests: a published conference with a released schedule."""

import datetime as dt
import zoneinfo

from conference.models import Conference
from talks.models import Schedule, Slot, Talk
from tests.factories import (
    ConferenceFactory,
    ReleasedScheduleFactory,
    ResourceFactory,
    RoomFactory,
    SpeakerFactory,
    TagFactory,
    TalkFactory,
    TrackFactory,
)


def local(conference: Conference, day: int, hour: int, minute: int = 0) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(conference.timezone)
    date = conference.start_date + dt.timedelta(days=day)
    return dt.datetime.combine(date, dt.time(hour, minute), tzinfo=tz)


def build_conference(size: int, **conference_fields: object) -> tuple[Conference, Schedule]:
    """A conference with `size` talks per room-hour grid: size rooms, size tracks, and
    size talks on each of its two days, each with two speakers, a tag and a resource;
    plus an all-rooms lunch each day. Everything is on a released schedule."""
    conference = ConferenceFactory(**conference_fields)
    rooms = [RoomFactory(conference=conference) for _ in range(size)]
    tracks = [TrackFactory(conference=conference) for _ in range(size)]
    tags = [TagFactory() for _ in range(size)]
    schedule = ReleasedScheduleFactory(conference=conference)
    for day in range(2):
        for n in range(size):
            talk = TalkFactory(
                conference=conference,
                track=tracks[n % len(tracks)],
                speakers=[SpeakerFactory(), SpeakerFactory()],
                kind=Talk.Kind.KEYNOTE if n == 0 else Talk.Kind.TALK,
                featured=n == 0,
            )
            talk.tags.add(tags[n % len(tags)])
            ResourceFactory(talk=talk)
            hour = 9 + n // len(rooms)
            Slot.objects.create(
                schedule=schedule,
                room=rooms[n % len(rooms)],
                talk=talk,
                start=local(conference, day, hour),
                end=local(conference, day, hour, 45),
            )
        Slot.objects.create(
            schedule=schedule,
            title="Lunch",
            start=local(conference, day, 12),
            end=local(conference, day, 13),
        )
    return conference, schedule
