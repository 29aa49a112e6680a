"""The people of the follow-up workflow, one fixture per role."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from tests.factories import (
    ConferenceFactory,
    OrganizerMembershipFactory,
    SpeakerFactory,
    TalkFactory,
    UserFactory,
)


@dataclass
class Cast:
    talk: Any
    other_talk: Any
    speaker: Any  # the talk's first speaker (a user who claimed the profile)
    cospeaker: Any
    other_speaker: Any  # speaker of another talk of the same conference
    organizer: Any
    other_organizer: Any  # organizer of another conference
    staff: Any
    attendee: Any


@pytest.fixture
def cast(db: Any) -> Cast:
    conference = ConferenceFactory(name="PyTennessee 2015", slug="pytennessee-2015")
    speaker, cospeaker, other_speaker = UserFactory(), UserFactory(), UserFactory()
    talk = TalkFactory(
        conference=conference,
        title="Building Services with Docker and Python",
        slug="docker-python",
        speakers=[
            SpeakerFactory(user=speaker, email="kyle@example.org"),
            SpeakerFactory(user=cospeaker, email="co@example.org"),
        ],
    )
    other_talk = TalkFactory(
        conference=conference,
        title="The Glorious Food",
        slug="food",
        speakers=[SpeakerFactory(user=other_speaker, email="other@example.org")],
    )
    return Cast(
        talk=talk,
        other_talk=other_talk,
        speaker=speaker,
        cospeaker=cospeaker,
        other_speaker=other_speaker,
        organizer=OrganizerMembershipFactory(conference=conference).user,
        other_organizer=OrganizerMembershipFactory(conference=ConferenceFactory()).user,
        staff=UserFactory(is_staff=True, is_superuser=True),
        attendee=UserFactory(first_name="Brian", last_name="Geiger", email="brian@example.net"),
    )


ATTENDEE_DATA = {
    "kind": "collaboration",
    "message": "We would like the same multi-user notebook server for our team.",
    "name": "Brian J. Geiger",
    "email": "brian.geiger@example.net",
    "affiliation": "Center for Open Science",
    "consent_to_share": True,
}


class FailingEmailBackend(BaseEmailBackend):
    """An SMTP server that is down: every send raises."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture
def failing_mail(settings: Any) -> None:
    settings.MAILERS = {
        "default": {"BACKEND": "tests.talks.followups.conftest.FailingEmailBackend"}
    }


@pytest.fixture
def working_mail(settings: Any) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
