import pytest

from talks.rules import is_conference_organizer, is_talk_speaker
from tests.factories import (
    FollowUpFactory,
    OrganizerMembershipFactory,
    SpeakerFactory,
    TalkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_organizer_of_one_conference_is_not_organizer_of_another():
    membership = OrganizerMembershipFactory()
    mine = TalkFactory(conference=membership.conference)
    theirs = TalkFactory()
    assert is_conference_organizer(membership.user, mine)
    assert not is_conference_organizer(membership.user, theirs)


def test_only_the_talks_speakers_may_read_its_followups():
    speaker_user, stranger = UserFactory(), UserFactory()
    talk = TalkFactory(speakers=[SpeakerFactory(user=speaker_user)])
    followup = FollowUpFactory(talk=talk)
    organizer = OrganizerMembershipFactory(conference=talk.conference).user
    assert is_talk_speaker(speaker_user, followup)
    assert speaker_user.has_perm("talks.view_followup", followup)
    assert not stranger.has_perm("talks.view_followup", followup)
    assert not organizer.has_perm("talks.view_followup", followup)
