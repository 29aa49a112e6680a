import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from talks.models import Slot, Talk, Webhook
from tests.factories import (
    BookmarkFactory,
    ConferenceFactory,
    FollowUpFactory,
    FollowUpNoteFactory,
    ReleasedScheduleFactory,
    ResourceFactory,
    RoomFactory,
    ScheduleFactory,
    SlotFactory,
    SpeakerFactory,
    TagFactory,
    TalkFactory,
    TalkSpeakerFactory,
)

pytestmark = pytest.mark.django_db


def test_speaker_slug_is_unique():
    SpeakerFactory(slug="kyle-kelley")
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerFactory(slug="kyle-kelley")


def test_tag_slug_is_unique():
    TagFactory(slug="python")
    with pytest.raises(IntegrityError), transaction.atomic():
        TagFactory(slug="python")


def test_talk_slug_is_unique_per_conference():
    talk = TalkFactory(slug="keynote")
    TalkFactory(slug="keynote")  # another conference
    with pytest.raises(IntegrityError), transaction.atomic():
        TalkFactory(slug="keynote", conference=talk.conference)


def test_talk_uuid_is_stable_and_unique():
    talk = TalkFactory()
    uuid = talk.uuid
    talk.title = "Renamed"
    talk.save()
    talk.refresh_from_db()
    assert talk.uuid == uuid
    with pytest.raises(IntegrityError), transaction.atomic():
        TalkFactory(uuid=uuid)


def test_talk_duration_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        TalkFactory(duration=dt.timedelta(0))


def test_talk_speakers_keep_their_order():
    first, second = SpeakerFactory(name="Zed"), SpeakerFactory(name="Amy")
    talk = TalkFactory(speakers=[first, second])
    ordered = [ts.speaker for ts in talk.talk_speakers.all()]
    assert ordered == [first, second]


def test_a_speaker_is_on_a_talk_once():
    link = TalkSpeakerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TalkSpeakerFactory(talk=link.talk, speaker=link.speaker)


def test_published_talks_exclude_drafts_and_unpublished_conferences():
    shown = TalkFactory()
    TalkFactory(state=Talk.State.DRAFT)
    TalkFactory(conference=ConferenceFactory(published=False))
    cancelled = TalkFactory(state=Talk.State.CANCELLED)
    assert set(Talk.objects.published()) == {shown, cancelled}


def test_conference_has_one_work_in_progress_schedule():
    schedule = ScheduleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduleFactory(conference=schedule.conference)


def test_release_names_are_unique_per_conference():
    release = ReleasedScheduleFactory(version="1.0")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReleasedScheduleFactory(conference=release.conference, version="1.0")


def test_a_release_needs_a_release_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduleFactory(version="1.0", released_at=None)


def test_slot_must_end_after_it_starts_in_the_database():
    slot = SlotFactory()
    slot.end = slot.start
    with pytest.raises(IntegrityError), transaction.atomic():
        slot.save()


def test_slot_must_end_after_it_starts_in_validation():
    slot = SlotFactory()
    slot.end = slot.start - dt.timedelta(minutes=5)
    with pytest.raises(ValidationError) as excinfo:
        slot.full_clean()
    assert excinfo.value.message_dict["end"] == ["A slot must end after it starts."]


def test_slot_needs_a_talk_or_a_title():
    slot = SlotFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(talk=None, title="")


def test_talk_is_placed_once_per_schedule():
    slot = SlotFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotFactory(
            schedule=slot.schedule,
            talk=slot.talk,
            start=slot.start + dt.timedelta(hours=2),
            end=slot.end + dt.timedelta(hours=2),
        )


def _overlapping(slot: Slot) -> Slot:
    return Slot(
        schedule=slot.schedule,
        room=slot.room,
        talk=TalkFactory(conference=slot.schedule.conference),
        start=slot.start + dt.timedelta(minutes=30),
        end=slot.end + dt.timedelta(minutes=30),
    )


def test_overlapping_slot_in_a_room_fails_validation_naming_room_and_times():
    slot = SlotFactory(room=RoomFactory(name="Main Hall"))
    clash = _overlapping(slot)
    clash.room = slot.room
    with pytest.raises(ValidationError) as excinfo:
        clash.full_clean()
    # 09:00–09:45 in America/Chicago on Saturday 7 February 2015, the factory's default.
    assert excinfo.value.messages == [
        f"Main Hall is taken from Sat 07 Feb 09:00 to 09:45 by “{slot.talk.title}”."
    ]


@pytest.mark.postgres
def test_overlapping_slot_in_a_room_is_refused_by_postgresql():
    slot = SlotFactory()
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        _overlapping(slot).save()
    assert "slots_do_not_overlap_in_a_room" in str(excinfo.value)


@pytest.mark.postgres
def test_overlapping_all_room_breaks_are_refused_by_postgresql():
    slot = SlotFactory(room=None, talk=None, title="Lunch")
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotFactory(
            schedule=slot.schedule,
            room=None,
            talk=None,
            title="Coffee",
            start=slot.start,
            end=slot.end,
        )


def test_back_to_back_slots_and_other_rooms_are_allowed():
    slot = SlotFactory()
    after = Slot(
        schedule=slot.schedule,
        room=slot.room,
        title="Coffee",
        start=slot.end,
        end=slot.end + dt.timedelta(minutes=15),
    )
    after.full_clean()
    after.save()
    elsewhere = _overlapping(slot)
    elsewhere.room = RoomFactory(conference=slot.schedule.conference)
    elsewhere.full_clean()
    elsewhere.save()
    assert slot.schedule.slots.count() == 3


def test_the_same_times_in_another_schedule_do_not_clash():
    slot = SlotFactory()
    release = ReleasedScheduleFactory(conference=slot.schedule.conference)
    copy = Slot(schedule=release, room=slot.room, talk=slot.talk, start=slot.start, end=slot.end)
    copy.full_clean()
    copy.save()


def test_resource_url_is_unique_per_talk():
    resource = ResourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceFactory(talk=resource.talk, url=resource.url)


def test_bookmark_is_unique_per_user_and_talk():
    bookmark = BookmarkFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BookmarkFactory(user=bookmark.user, talk=bookmark.talk)


def test_followup_rating_is_only_for_feedback():
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(kind="question", rating=4)


@pytest.mark.parametrize("rating", [0, 6])
def test_followup_rating_is_between_one_and_five(rating):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(kind="feedback", rating=rating)


def test_followup_rating_out_of_range_fails_validation():
    followup = FollowUpFactory.build(kind="feedback", rating=6, talk=TalkFactory())
    with pytest.raises(ValidationError) as excinfo:
        followup.full_clean()
    assert "rating" in excinfo.value.message_dict


def test_followup_needs_a_message():
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(message="")


def test_followup_tokens_are_unique_and_secret_length():
    first, second = FollowUpFactory(), FollowUpFactory()
    assert first.token != second.token
    assert len(first.token) >= 32


def test_followup_note_needs_a_body():
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpNoteFactory(body="")


def test_overlapping_all_room_breaks_fail_validation():
    lunch = SlotFactory(room=None, talk=None, title="Lunch")
    coffee = Slot(
        schedule=lunch.schedule, room=None, title="Coffee", start=lunch.start, end=lunch.end
    )
    with pytest.raises(ValidationError) as excinfo:
        coffee.full_clean()
    assert excinfo.value.messages == [
        "All rooms are taken from Sat 07 Feb 09:00 to 09:45 by “Lunch”."
    ]


@pytest.mark.parametrize(
    ("factory", "field"),
    [(SpeakerFactory, "website"), (SpeakerFactory, "mastodon"), (ResourceFactory, "url")],
)
def test_urls_a_uri_cannot_hold_fail_validation(factory, field):
    # Django's URLField alone accepts them; they would break "format": "uri" in the API.
    instance = factory()
    setattr(instance, field, "https://example.org/a b|c")
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    assert list(error.value.message_dict) == [field]
    setattr(instance, field, "https://例え.テスト/パス?q=1")
    instance.full_clean()


def test_webhook_url_a_uri_cannot_hold_fails_validation():
    webhook = Webhook(conference=ConferenceFactory(), url="https://hooks.example/{id}")
    with pytest.raises(ValidationError) as error:
        webhook.full_clean()
    assert list(error.value.message_dict) == ["url"]
