"""The speaker rules: private e-mail, attaching to a talk, changing, merging."""

import pytest

from conference.models import OrganizerMembership
from talks.selectors import speakers_attachable
from tests.factories import (
    ConferenceFactory,
    OrganizerMembershipFactory,
    SpeakerFactory,
    TalkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ours, theirs = ConferenceFactory(), ConferenceFactory()
    kyle_user = UserFactory()
    kyle = SpeakerFactory(slug="kyle", email="kyle@example.org", user=kyle_user)
    TalkFactory(conference=ours, speakers=[kyle])
    people = {
        "kyle": kyle_user,
        "organizer": OrganizerMembershipFactory(conference=ours).user,
        "volunteer": OrganizerMembershipFactory(
            conference=ours, role=OrganizerMembership.Role.VOLUNTEER
        ).user,
        "other_organizer": OrganizerMembershipFactory(conference=theirs).user,
        "attendee": UserFactory(),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    return ours, theirs, kyle, people


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("kyle", True),
        ("organizer", True),
        ("superuser", True),
        ("volunteer", False),
        ("other_organizer", False),
        ("attendee", False),
    ],
)
def test_view_speaker_email(world, who, sees):
    _, _, kyle, people = world
    assert people[who].has_perm("talks.view_speaker_email", kyle) == sees


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("organizer", True),
        ("superuser", True),
        ("kyle", False),
        ("volunteer", False),
        ("other_organizer", False),
        ("attendee", False),
    ],
)
def test_attach_and_change_an_existing_speaker(world, who, may):
    _, _, kyle, people = world
    assert people[who].has_perm("talks.attach_speaker", kyle) == may
    assert people[who].has_perm("talks.change_speaker", kyle) == may


def test_a_new_speaker_is_attachable_by_any_organizer_but_nobody_reads_their_email(world):
    _, _, _, people = world
    new = SpeakerFactory(email="new@example.org")
    assert people["other_organizer"].has_perm("talks.attach_speaker", new)
    assert not people["attendee"].has_perm("talks.attach_speaker", new)
    assert not people["other_organizer"].has_perm("talks.view_speaker_email", new)


def test_sharing_a_speaker_takes_editing_from_nobody_but_merging_needs_every_conference(world):
    _, theirs, kyle, people = world
    TalkFactory(conference=theirs, speakers=[kyle])
    for who in ("organizer", "other_organizer"):
        assert people[who].has_perm("talks.change_speaker", kyle)
        assert not people[who].has_perm("talks.merge_speaker", kyle)
    assert people["superuser"].has_perm("talks.merge_speaker", kyle)


def test_speakers_attachable_is_the_attach_rule_as_a_queryset(world):
    ours, theirs, kyle, people = world
    new = SpeakerFactory()
    elsewhere = SpeakerFactory()
    TalkFactory(conference=theirs, speakers=[elsewhere])
    everyone = [kyle, new, elsewhere]
    for user in people.values():
        listed = set(speakers_attachable(user=user))
        assert listed == {s for s in everyone if user.has_perm("talks.attach_speaker", s)}
    assert set(speakers_attachable(user=people["organizer"], conference=theirs)) == set()
    assert set(speakers_attachable(user=people["organizer"], conference=ours)) == {kyle, new}
