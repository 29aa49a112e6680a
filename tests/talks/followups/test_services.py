import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from talks.followups import services
from talks.models import FollowUp, FollowUpNote, Talk
from tests.factories import FollowUpFactory, SpeakerFactory, TalkFactory
from tests.talks.followups.conftest import ATTENDEE_DATA

pytestmark = pytest.mark.django_db


def test_create_stores_and_mails_receipt_and_each_speaker(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        followup = services.followup_create(talk=cast.talk, data=ATTENDEE_DATA)
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.NEW
    assert followup.receipt_sent_at is not None
    assert followup.notified_at is not None
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == ["brian.geiger@example.net", cast.speaker.email, cast.cospeaker.email]
    receipt = next(m for m in mailoutbox if m.to == ["brian.geiger@example.net"])
    assert f"/follow-ups/{followup.token}/" in receipt.body
    notice = next(m for m in mailoutbox if m.to == [cast.speaker.email])
    assert "multi-user notebook server" in notice.body
    assert f"/me/follow-ups/{followup.pk}/" in notice.body
    assert "brian.geiger@example.net" not in notice.body  # contact details stay in the inbox


def test_create_sends_nothing_before_commit(cast, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.followup_create(talk=cast.talk, data=ATTENDEE_DATA)
    assert mailoutbox == []
    # Once committed, the queued notifications go out.
    for callback in callbacks:
        callback()
    assert mailoutbox != []


def test_create_fills_details_of_signed_in_attendee(cast):
    data = {"kind": "question", "message": "Slides?"}
    followup = services.followup_create(talk=cast.talk, data=data, author=cast.attendee)
    assert (followup.name, followup.email, followup.author) == (
        "Brian Geiger",
        "brian@example.net",
        cast.attendee,
    )


def test_create_drops_rating_unless_feedback_and_validates_range(cast):
    followup = services.followup_create(talk=cast.talk, data={**ATTENDEE_DATA, "rating": 4})
    assert followup.rating is None
    with pytest.raises(ValidationError) as error:
        services.followup_create(
            talk=cast.talk, data={**ATTENDEE_DATA, "kind": "feedback", "rating": 9}
        )
    assert "rating" in error.value.message_dict


def test_create_refuses_empty_message_and_bad_email(cast):
    with pytest.raises(ValidationError) as error:
        services.followup_create(
            talk=cast.talk, data={**ATTENDEE_DATA, "message": "", "email": "nope"}
        )
    assert {"message", "email"} <= set(error.value.message_dict)
    assert FollowUp.objects.count() == 0


def test_create_works_on_cancelled_talk_of_a_past_conference(cast):
    Talk.objects.filter(pk=cast.talk.pk).update(state=Talk.State.CANCELLED)
    cast.talk.refresh_from_db()
    assert services.followup_create(talk=cast.talk, data=ATTENDEE_DATA).pk


def test_create_refused_when_organizers_closed_followups(cast):
    services.conference_set_followups_closed(
        conference=cast.talk.conference, user=cast.organizer, closed=True
    )
    cast.talk.conference.refresh_from_db()
    with pytest.raises(ValidationError, match="closed follow-ups"):
        services.followup_create(talk=cast.talk, data=ATTENDEE_DATA)


def test_only_organizers_and_staff_close_followups(cast):
    for user in (cast.speaker, cast.other_organizer, cast.attendee):
        with pytest.raises(PermissionDenied):
            services.conference_set_followups_closed(
                conference=cast.talk.conference, user=user, closed=True
            )
    services.conference_set_followups_closed(
        conference=cast.talk.conference, user=cast.staff, closed=True
    )
    cast.talk.conference.refresh_from_db()
    assert cast.talk.conference.followups_closed


def test_digest_speakers_get_no_immediate_notice(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    services.speaker_set_digest(speaker=cast.cospeaker.speaker_profile, digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.followup_create(talk=cast.talk, data=ATTENDEE_DATA)
    assert sorted(m.to[0] for m in mailoutbox) == ["brian.geiger@example.net", cast.speaker.email]


@pytest.mark.parametrize("role", ["speaker", "cospeaker", "staff"])
def test_reply_by_allowed_roles_is_mailed_and_marks_answered(
    cast, role, mailoutbox, django_capture_on_commit_callbacks
):
    followup = FollowUpFactory(talk=cast.talk)
    with django_capture_on_commit_callbacks(execute=True):
        note = services.followup_reply(
            followup=followup, user=getattr(cast, role), body="Here is the link."
        )
    followup.refresh_from_db()
    note.refresh_from_db()
    assert followup.status == FollowUp.Status.ANSWERED
    assert note.emailed_at is not None
    assert [m.to for m in mailoutbox] == [[followup.email]]
    assert "Here is the link." in mailoutbox[0].body


@pytest.mark.parametrize("role", ["other_speaker", "organizer", "other_organizer", "attendee"])
def test_reply_refused_for_others(cast, role):
    followup = FollowUpFactory(talk=cast.talk)
    with pytest.raises(PermissionDenied):
        services.followup_reply(followup=followup, user=getattr(cast, role), body="Hi")
    assert FollowUpNote.objects.count() == 0


def test_internal_note_is_not_mailed_and_keeps_status(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    followup = FollowUpFactory(talk=cast.talk)
    with django_capture_on_commit_callbacks(execute=True):
        services.followup_reply(followup=followup, user=cast.speaker, body="Ask Ana", internal=True)
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.NEW
    assert mailoutbox == []


def test_set_status_by_speaker_and_refused_values(cast):
    followup = FollowUpFactory(talk=cast.talk)
    services.followup_set_status(followup=followup, user=cast.cospeaker, status="resolved")
    assert FollowUp.objects.get().status == "resolved"
    with pytest.raises(ValidationError):
        services.followup_set_status(followup=followup, user=cast.speaker, status="withdrawn")
    with pytest.raises(PermissionDenied):
        services.followup_set_status(followup=followup, user=cast.organizer, status="spam")


def test_attendee_addition_reopens_and_tells_speakers(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    followup = FollowUpFactory(talk=cast.talk, status=FollowUp.Status.RESOLVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.followup_add(followup=followup, body="One more thing.")
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.OPEN
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.speaker.email, cast.cospeaker.email])
    assert "One more thing." in mailoutbox[0].body


def test_withdrawn_followup_takes_no_more_additions_or_replies(cast):
    followup = services.followup_withdraw(followup=FollowUpFactory(talk=cast.talk))
    with pytest.raises(ValidationError):
        services.followup_add(followup=followup, body="More")
    with pytest.raises(ValidationError):
        services.followup_reply(followup=followup, user=cast.speaker, body="Hi")


def _follow_on_talk(cast):
    """Another talk of the same conference given by the same two speakers."""
    return TalkFactory(conference=cast.talk.conference, speakers=list(cast.talk.speakers.all()))


@pytest.mark.parametrize("role", ["organizer", "speaker", "staff"])
def test_move_to_a_talk_of_the_same_speakers_keeps_recipients_and_sends_nothing(
    cast, role, mailoutbox, django_capture_on_commit_callbacks
):
    followup = FollowUpFactory(
        talk=cast.talk, receipt_sent_at="2015-02-07T12:00Z", notified_at="2015-02-07T12:00Z"
    )
    recipients = set(followup.recipients.all())
    follow_on = _follow_on_talk(cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.followup_move(followup=followup, user=getattr(cast, role), talk=follow_on)
    followup.refresh_from_db()
    assert followup.talk == follow_on
    assert set(followup.recipients.all()) == recipients
    assert mailoutbox == []


def test_move_to_a_talk_without_all_recipients_is_refused(cast):
    followup = FollowUpFactory(talk=cast.talk)
    with pytest.raises(ValidationError) as error:
        services.followup_move(followup=followup, user=cast.organizer, talk=cast.other_talk)
    assert error.value.message_dict == {
        "talk": [
            "A follow-up stays with the speakers it was written to: choose a talk they all "
            "speak on, or ask the attendee to send a new one."
        ]
    }
    followup.refresh_from_db()
    assert followup.talk == cast.talk


@pytest.mark.parametrize("role", ["other_organizer", "other_speaker", "attendee"])
def test_move_refused_for_others(cast, role):
    followup = FollowUpFactory(talk=cast.talk)
    with pytest.raises(PermissionDenied):
        services.followup_move(
            followup=followup, user=getattr(cast, role), talk=_follow_on_talk(cast)
        )


def test_move_refuses_talk_of_another_conference(cast):
    followup = FollowUpFactory(talk=cast.talk)
    with pytest.raises(ValidationError) as error:
        services.followup_move(followup=followup, user=cast.organizer, talk=TalkFactory())
    assert "talk" in error.value.message_dict


def test_invite_and_claim_links_profile_once(cast, mailoutbox, django_capture_on_commit_callbacks):
    profile = SpeakerFactory(email="new@example.org")
    TalkFactory(conference=cast.talk.conference, speakers=[profile])
    with django_capture_on_commit_callbacks(execute=True):
        services.speaker_invite(speaker=profile, user=cast.organizer)
    assert mailoutbox[0].to == ["new@example.org"]
    assert f"/speakers/claim/{profile.invitation_token}/" in mailoutbox[0].body
    token = profile.invitation_token
    services.speaker_claim(token=token, user=cast.attendee)
    profile.refresh_from_db()
    assert profile.user == cast.attendee
    assert profile.invitation_token is None
    with pytest.raises(ValidationError):
        services.speaker_claim(token=token, user=cast.staff)


def test_invite_refused_for_organizer_of_another_conference(cast):
    profile = cast.talk.talk_speakers.first().speaker
    profile.user = None
    profile.save()
    with pytest.raises(PermissionDenied):
        services.speaker_invite(speaker=profile, user=cast.other_organizer)


def test_claim_refused_for_account_that_has_a_profile(cast):
    profile = SpeakerFactory(email="x@example.org")
    services.speaker_invite(speaker=profile, user=cast.staff)
    with pytest.raises(ValidationError, match="already has a speaker profile"):
        services.speaker_claim(token=profile.invitation_token, user=cast.speaker)


def test_attendee_delete_all_removes_only_their_followups(cast):
    mine = FollowUpFactory(talk=cast.talk, email="Me@Example.net")
    FollowUpNoteFactory = __import__("tests.factories", fromlist=["x"]).FollowUpNoteFactory
    FollowUpNoteFactory(followup=mine)
    theirs = FollowUpFactory(talk=cast.talk, email="them@example.net")
    assert services.attendee_delete_all(email="me@example.net") == 1
    assert list(FollowUp.objects.all()) == [theirs]
    assert FollowUpNote.objects.count() == 0
