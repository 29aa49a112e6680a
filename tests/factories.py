"""factory_boy factories, one per model."""

import datetime as dt
import zoneinfo
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from factory.django import DjangoModelFactory

from conference.models import Conference, OrganizerMembership, Room, Series, Track, Venue
from talks.models import (
    Bookmark,
    FollowUp,
    FollowUpNote,
    Resource,
    Schedule,
    Slot,
    Speaker,
    Tag,
    Talk,
    TalkSpeaker,
)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class SeriesFactory(DjangoModelFactory[Series]):
    class Meta:
        model = Series

    name = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class VenueFactory(DjangoModelFactory[Venue]):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Venue {n}")
    city = "Nashville"
    country = "United States"


class ConferenceFactory(DjangoModelFactory[Conference]):
    class Meta:
        model = Conference

    series = factory.SubFactory(SeriesFactory)
    name = factory.Sequence(lambda n: f"Conference {n}")
    slug = factory.Sequence(lambda n: f"conference-{n}")
    start_date = dt.date(2015, 2, 7)
    end_date = dt.date(2015, 2, 8)
    timezone = "America/Chicago"
    venue = factory.SubFactory(VenueFactory)
    published = True


class RoomFactory(DjangoModelFactory[Room]):
    class Meta:
        model = Room

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    position = factory.Sequence(lambda n: n)
    capacity = 100


class TrackFactory(DjangoModelFactory[Track]):
    class Meta:
        model = Track

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Track {n}")
    slug = factory.Sequence(lambda n: f"track-{n}")
    colour = "#1f5fa8"


class OrganizerMembershipFactory(DjangoModelFactory[OrganizerMembership]):
    class Meta:
        model = OrganizerMembership

    user = factory.SubFactory(UserFactory)
    conference = factory.SubFactory(ConferenceFactory)
    role = OrganizerMembership.Role.ORGANIZER


class SpeakerFactory(DjangoModelFactory[Speaker]):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    affiliation = "Example Org"
    bio = "Speaks about *things*."


class TagFactory(DjangoModelFactory[Tag]):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class TalkFactory(DjangoModelFactory[Talk]):
    class Meta:
        model = Talk
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    title = factory.Sequence(lambda n: f"Talk {n}")
    slug = factory.Sequence(lambda n: f"talk-{n}")
    kind = Talk.Kind.TALK
    state = Talk.State.CONFIRMED
    abstract = "An abstract with **Markdown**."

    @factory.post_generation
    def speakers(self, create: bool, extracted: list[Speaker] | None, **kwargs: object) -> None:
        if create and extracted:
            for position, speaker in enumerate(extracted):
                TalkSpeaker.objects.create(talk=self, speaker=speaker, position=position)


class TalkSpeakerFactory(DjangoModelFactory[TalkSpeaker]):
    class Meta:
        model = TalkSpeaker

    talk = factory.SubFactory(TalkFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    position = 0


class ScheduleFactory(DjangoModelFactory[Schedule]):
    class Meta:
        model = Schedule

    conference = factory.SubFactory(ConferenceFactory)
    version = ""


class ReleasedScheduleFactory(ScheduleFactory):
    version = factory.Sequence(lambda n: f"1.{n}")
    released_at = factory.LazyFunction(lambda: dt.datetime(2015, 2, 1, tzinfo=dt.UTC))


def _local(conference: Conference, day: int, hour: int, minute: int = 0) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(conference.timezone)
    date = conference.start_date + dt.timedelta(days=day)
    return dt.datetime.combine(date, dt.time(hour, minute), tzinfo=tz)


class SlotFactory(DjangoModelFactory[Slot]):
    class Meta:
        model = Slot

    schedule = factory.SubFactory(ScheduleFactory)
    room = factory.SubFactory(
        RoomFactory, conference=factory.SelfAttribute("..schedule.conference")
    )
    talk = factory.SubFactory(
        TalkFactory, conference=factory.SelfAttribute("..schedule.conference")
    )
    start = factory.LazyAttribute(lambda s: _local(s.schedule.conference, 0, 9))
    end = factory.LazyAttribute(lambda s: s.start + dt.timedelta(minutes=45))


class ResourceFactory(DjangoModelFactory[Resource]):
    class Meta:
        model = Resource

    talk = factory.SubFactory(TalkFactory)
    kind = Resource.Kind.SLIDES
    url = factory.Sequence(lambda n: f"https://example.org/slides/{n}")
    title = "Slides"


class BookmarkFactory(DjangoModelFactory[Bookmark]):
    class Meta:
        model = Bookmark

    user = factory.SubFactory(UserFactory)
    talk = factory.SubFactory(TalkFactory)


class FollowUpFactory(DjangoModelFactory[FollowUp]):
    class Meta:
        model = FollowUp
        skip_postgeneration_save = True  # recipients is a many-to-many: no row to save again

    talk = factory.SubFactory(TalkFactory)
    kind = FollowUp.Kind.QUESTION
    message = "Could you share the notebook from the demo?"
    name = factory.Sequence(lambda n: f"Attendee {n}")
    email = factory.Sequence(lambda n: f"attendee{n}@example.net")
    consent_to_share = True

    @factory.post_generation
    def recipients(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        # As followup_create does: written to the talk's speakers, unless a test names them.
        if create:
            self.recipients.set(extracted if extracted is not None else self.talk.speakers.all())


class FollowUpNoteFactory(DjangoModelFactory[FollowUpNote]):
    class Meta:
        model = FollowUpNote

    followup = factory.SubFactory(FollowUpFactory)
    kind = FollowUpNote.Kind.REPLY
    body = "Here is the link."
