"""Fixtures for the API tests: a published conference and one user per role."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from conference.models import Conference, OrganizerMembership
from talks.models import Schedule, Slot, Speaker, Talk
from talks.services import schedule_get_work_in_progress, schedule_release, slot_create
from tests.factories import (
    ConferenceFactory,
    OrganizerMembershipFactory,
    RoomFactory,
    SpeakerFactory,
    TalkFactory,
    UserFactory,
)


@dataclass
class Programme:
    conference: Conference
    other_conference: Conference
    talk: Talk
    speaker: Speaker
    wip_slot: Slot
    release: Schedule
    users: dict[str, User | None]


ROLES = [
    "anonymous",
    "attendee",
    "speaker",
    "volunteer",
    "organizer",
    "lead",
    "other_organizer",
    "staff",
]


@pytest.fixture
def programme(db: Any) -> Programme:
    conference = ConferenceFactory(slug="pytn", name="PyTennessee 2015")
    other = ConferenceFactory(slug="other-conf")
    speaker_user = UserFactory(username="kyle")
    speaker = SpeakerFactory(
        slug="kyle-kelley", name="Kyle Kelley", email="kyle@example.org", user=speaker_user
    )
    talk = TalkFactory(conference=conference, slug="keynote", title="Keynote", speakers=[speaker])
    room = RoomFactory(conference=conference, name="Main Hall")
    wip = schedule_get_work_in_progress(conference=conference)
    start = dt.datetime(2015, 2, 7, 9, 0, tzinfo=conference.tzinfo)
    wip_slot = slot_create(
        schedule=wip, room=room, talk=talk, start=start, end=start + dt.timedelta(hours=1)
    )
    release = schedule_release(conference=conference, version="1.0")
    users: dict[str, User | None] = {
        "anonymous": None,
        "attendee": UserFactory(username="attendee"),
        "speaker": speaker_user,
        "volunteer": OrganizerMembershipFactory(
            conference=conference,
            user=UserFactory(username="volunteer"),
            role=OrganizerMembership.Role.VOLUNTEER,
        ).user,
        "organizer": OrganizerMembershipFactory(
            conference=conference, user=UserFactory(username="organizer")
        ).user,
        "lead": OrganizerMembershipFactory(
            conference=conference,
            user=UserFactory(username="lead"),
            role=OrganizerMembership.Role.LEAD,
        ).user,
        "other_organizer": OrganizerMembershipFactory(
            conference=other, user=UserFactory(username="other-organizer")
        ).user,
        "staff": UserFactory(username="staff", is_staff=True, is_superuser=True),
    }
    return Programme(conference, other, talk, speaker, wip_slot, release, users)


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api() -> APIClient:
    return APIClient()
