import pytest
from django.contrib.auth.models import User

from conference.models import OrganizerMembership
from conference.rules import (
    is_conference_editor,
    is_conference_member,
    is_site_admin,
    organized_conference_ids,
)
from talks.rules import is_talk_speaker
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
    assert is_conference_member(membership.user, mine)
    assert not is_conference_member(membership.user, theirs)


def test_only_the_talks_speakers_may_read_its_followups():
    speaker_user, stranger = UserFactory(), UserFactory()
    talk = TalkFactory(speakers=[SpeakerFactory(user=speaker_user)])
    followup = FollowUpFactory(talk=talk)
    organizer = OrganizerMembershipFactory(conference=talk.conference).user
    assert is_talk_speaker(speaker_user, followup)
    assert speaker_user.has_perm("talks.view_followup", followup)
    assert not stranger.has_perm("talks.view_followup", followup)
    assert not organizer.has_perm("talks.view_followup", followup)


def test_a_volunteer_is_a_member_but_not_an_editor():
    membership = OrganizerMembershipFactory(role=OrganizerMembership.Role.VOLUNTEER)
    user, conference = membership.user, membership.conference
    talk = TalkFactory(conference=conference)
    assert is_conference_member(user, talk)
    assert not is_conference_editor(user, talk)
    assert user.has_perm("conference.view_conference", conference)
    assert user.has_perm("talks.view_schedule_wip", conference)
    for permission in ("conference.change_room", "talks.add_talk", "talks.release_schedule"):
        assert not user.has_perm(permission, conference), permission
    assert not user.has_perm("talks.delete_talk", talk)
    assert not user.has_perm("conference.close_followups", conference)


@pytest.mark.parametrize("role", ["lead", "organizer"])
def test_leads_and_organizers_edit_their_conference_only(role):
    membership = OrganizerMembershipFactory(role=role)
    user = membership.user
    mine, theirs = TalkFactory(conference=membership.conference), TalkFactory()
    assert is_conference_editor(user, mine)
    assert user.has_perm("talks.change_talk", mine)
    assert not user.has_perm("talks.change_talk", theirs)
    assert not user.has_perm("conference.view_conference", theirs.conference)


def test_staff_without_membership_holds_nothing_and_superusers_everything():
    talk = TalkFactory()
    staff = UserFactory(is_staff=True)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert not is_site_admin(staff)
    assert not staff.has_perm("conference.view_conference", talk.conference)
    assert is_site_admin(superuser)
    assert superuser.has_perm("talks.delete_talk", talk)
    inactive = UserFactory(is_superuser=True, is_active=False)
    assert not is_site_admin(inactive)


def test_without_an_object_a_permission_means_for_some_conference():
    editor = OrganizerMembershipFactory().user
    volunteer = OrganizerMembershipFactory(role=OrganizerMembership.Role.VOLUNTEER).user
    assert editor.has_perm("conference.change_conference")
    assert volunteer.has_perm("conference.view_conference")
    assert not volunteer.has_perm("conference.change_conference")
    assert not UserFactory().has_perm("conference.view_conference")


def test_memberships_are_looked_up_once_per_user_object(django_assert_num_queries):
    membership = OrganizerMembershipFactory()
    user = User.objects.get(pk=membership.user_id)
    conference = membership.conference
    with django_assert_num_queries(1):
        assert organized_conference_ids(user) == {conference.pk}
        assert organized_conference_ids(user, editing=True) == {conference.pk}
        assert user.has_perm("conference.change_room", conference)
        assert user.has_perm("talks.view_schedule_wip", conference)
