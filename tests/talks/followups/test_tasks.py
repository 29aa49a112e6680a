import pytest

from talks.followups import tasks
from talks.models import FollowUp
from tests.factories import FollowUpFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def test_unclaimed_speaker_is_notified_at_the_profile_address(mailoutbox, sent_on_commit):
    talk = TalkFactory(speakers=[SpeakerFactory(email="profile@example.org")])
    followup = FollowUpFactory(talk=talk)
    with sent_on_commit():
        assert tasks.deliver(followup.pk) == {"receipt": True, "notified": True}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([followup.email, "profile@example.org"])


def test_talk_without_reachable_speakers_still_counts_as_notified(mailoutbox, sent_on_commit):
    followup = FollowUpFactory(talk=TalkFactory(speakers=[SpeakerFactory(email="")]))
    with sent_on_commit():
        tasks.deliver(followup.pk)
    followup.refresh_from_db()
    assert followup.notified_at is not None  # the inbox shows it once someone claims the talk
    assert [m.to for m in mailoutbox] == [[followup.email]]


def test_co_speakers_get_separate_messages(cast, mailoutbox, sent_on_commit):
    followup = FollowUpFactory(talk=cast.talk, receipt_sent_at="2015-02-08T10:00Z")
    with sent_on_commit():
        tasks.deliver(followup.pk)
    assert sorted(m.to for m in mailoutbox) == sorted(
        [[cast.speaker.email], [cast.cospeaker.email]]
    )


def test_deleted_followup_is_skipped(mailoutbox):
    followup = FollowUpFactory()
    pk = followup.pk
    FollowUp.objects.filter(pk=pk).delete()
    assert tasks.deliver(pk) == {}
    assert mailoutbox == []
