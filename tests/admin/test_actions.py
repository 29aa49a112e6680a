"""Admin actions and pages: for this conference's organizer, another's, and a superuser."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conference.models import Conference
from talks.models import Resource, Talk
from talks.services import schedule_get_work_in_progress, schedule_release
from tests.factories import (
    ResourceFactory,
    RoomFactory,
    SlotFactory,
    SpeakerFactory,
    TagFactory,
    TalkFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def _action(client, admin_name: str, action: str, pks: list[int], **extra):
    return client.post(
        reverse(f"admin:{admin_name}_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in pks], **extra},
    )


def test_cancel_talks_asks_for_a_note_then_cancels_keeping_the_slot(client, cast):
    slot = SlotFactory(schedule=schedule_get_work_in_progress(conference=cast.ours))
    client.force_login(cast.organizer)
    page = _action(client, "talks_talk", "cancel_talks", [slot.talk.pk])
    assert page.status_code == 200
    assert "Cancel these talks" in page.text
    done = _action(client, "talks_talk", "cancel_talks", [slot.talk.pk], apply="1", note="Ill")
    assert done.status_code == 302
    slot.talk.refresh_from_db()
    assert (slot.talk.state, slot.talk.cancellation_note) == (Talk.State.CANCELLED, "Ill")
    assert slot.talk.slots.exists()
    assert slot.talk.history.first().history_user == cast.organizer


def test_cancel_without_a_note_is_refused(client, cast):
    talk = TalkFactory(conference=cast.ours)
    client.force_login(cast.organizer)
    page = _action(client, "talks_talk", "cancel_talks", [talk.pk], apply="1", note="")
    assert page.status_code == 200
    assert page.context["form"].errors["note"]
    talk.refresh_from_db()
    assert talk.state == Talk.State.CONFIRMED


def test_other_organizer_cannot_cancel_our_talks(client, cast):
    talk = TalkFactory(conference=cast.ours)
    client.force_login(cast.other_organizer)
    _action(client, "talks_talk", "cancel_talks", [talk.pk], apply="1", note="Gotcha")
    talk.refresh_from_db()
    assert talk.state == Talk.State.CONFIRMED


def test_approve_attendee_links(client, cast):
    ours = ResourceFactory(talk=TalkFactory(conference=cast.ours), approved=False)
    theirs = ResourceFactory(talk=TalkFactory(conference=cast.theirs), approved=False)
    client.force_login(cast.organizer)
    _action(client, "talks_resource", "approve", [ours.pk, theirs.pk])
    _action(client, "talks_talk", "approve_resources", [theirs.talk.pk])
    assert Resource.objects.get(pk=ours.pk).approved
    assert not Resource.objects.get(pk=theirs.pk).approved


def test_talk_editing_keeps_speaker_order_and_refuses_a_foreign_track(client, cast):
    first, second = SpeakerFactory(), SpeakerFactory()
    talk = TalkFactory(conference=cast.ours, speakers=[first, second])
    client.force_login(cast.organizer)
    url = reverse("admin:talks_talk_change", args=[talk.pk])
    inline = client.get(url).context["inline_admin_formsets"][0].formset
    assert [f.instance.speaker for f in inline.forms] == [first, second]
    response = client.post(
        url,
        {
            "conference": cast.ours.pk,
            "title": talk.title,
            "slug": talk.slug,
            "kind": "talk",
            "state": "confirmed",
            "language": "en",
            "track": TrackFactory(conference=cast.theirs).pk,
            "talk_speakers-TOTAL_FORMS": "0",
            "talk_speakers-INITIAL_FORMS": "0",
            "resources-TOTAL_FORMS": "0",
            "resources-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "track" in response.context["adminform"].form.errors


def test_duplicate_conference_copies_rooms_tracks_and_organizers_not_talks(client, cast):
    RoomFactory(conference=cast.ours, name="Hall", capacity=300)
    TrackFactory(conference=cast.ours, slug="data")
    TalkFactory(conference=cast.ours)
    client.force_login(cast.organizer)
    form = {"name": "PyTennessee 2016", "slug": "pytn-2016", "start_date": "2016-02-06"}
    response = _action(
        client, "conference_conference", "duplicate_conference", [cast.ours.pk], apply="1", **form
    )
    assert response.status_code == 302
    copy = Conference.objects.get(slug="pytn-2016")
    assert (copy.start_date, copy.end_date) == (dt.date(2016, 2, 6), dt.date(2016, 2, 7))
    assert [(r.name, r.capacity) for r in copy.rooms.all()] == [("Hall", 300)]
    assert [t.slug for t in copy.tracks.all()] == ["data"]
    assert not copy.talks.exists()
    assert not copy.published
    assert copy.memberships.filter(user=cast.organizer).exists()
    # The organizer can open what they made.
    change = reverse("admin:conference_conference_change", args=[copy.pk])
    assert client.get(change).status_code == 200


def test_other_organizer_cannot_duplicate_our_conference(client, cast):
    client.force_login(cast.other_organizer)
    form = {"name": "Stolen", "slug": "stolen", "start_date": "2016-02-06"}
    _action(
        client, "conference_conference", "duplicate_conference", [cast.ours.pk], apply="1", **form
    )
    assert not Conference.objects.filter(slug="stolen").exists()


def test_release_view_shows_the_changes_then_releases(client, cast):
    SlotFactory(schedule=schedule_get_work_in_progress(conference=cast.ours), talk__title="Opening")
    client.force_login(cast.organizer)
    url = reverse("admin:talks_schedule_release", args=[cast.ours.pk])
    page = client.get(url)
    assert [c["title"] for c in page.context["changes"]] == ["Opening"]
    response = client.post(url, {"version": "1.0", "comment": "First"})
    assert response.status_code == 302
    release = cast.ours.schedules.released().get()
    assert (release.version, release.released_by) == ("1.0", cast.organizer)
    again = client.post(url, {"version": "1.0"})
    assert again.status_code == 200
    assert again.context["form"].errors


def test_volunteer_and_other_organizer_cannot_release(client, cast):
    url = reverse("admin:talks_schedule_release", args=[cast.ours.pk])
    client.force_login(cast.volunteer)
    assert client.post(url, {"version": "1.0"}).status_code == 403
    client.force_login(cast.other_organizer)
    assert client.post(url, {"version": "1.0"}).status_code == 404
    assert not cast.ours.schedules.released().exists()


def test_day_view_shows_grid_conflicts_and_differences(client, cast):
    speaker = SpeakerFactory(name="Double Booked")
    wip = schedule_get_work_in_progress(conference=cast.ours)
    start = dt.datetime(2015, 2, 7, 9, tzinfo=CHICAGO)
    first = SlotFactory(schedule=wip, talk__title="Released talk", talk__speakers=[speaker])
    schedule_release(conference=cast.ours, version="1.0")
    SlotFactory(
        schedule=wip,
        talk__title="New clash",
        talk__speakers=[speaker],
        start=start,
        end=start + dt.timedelta(minutes=30),
    )
    client.force_login(cast.organizer)
    response = client.get(
        reverse("admin:talks_schedule_day", args=[cast.ours.pk]), {"day": "2015-02-07"}
    )
    assert response.status_code == 200
    assert len(response.context["rooms"]) == 2
    assert "Double Booked is in two places at once" in response.text
    assert [(c["type"], c["title"]) for c in response.context["changes"]] == [
        ("added", "New clash")
    ]
    assert first.talk.title in response.text
    bad_day = client.get(
        reverse("admin:talks_schedule_day", args=[cast.ours.pk]), {"day": "2016-01-01"}
    )
    assert bad_day.status_code == 404


def test_day_view_and_csv_pages_of_another_conference_are_not_found(client, cast):
    client.force_login(cast.other_organizer)
    for url in (
        reverse("admin:talks_schedule_day", args=[cast.ours.pk]),
        reverse("admin:talks_talk_csv", args=[cast.ours.pk]),
        reverse("admin:talks_talk_csv_export", args=[cast.ours.pk, "talks"]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:talks_schedule_day",
        "admin:talks_schedule_release",
        "admin:talks_talk_csv",
        "admin:talks_talk_csv_export:talks",
        "admin:talks_talk_csv_export:slots",
        "admin:talks_talk_csv_export:speakers",
    ],
)
def test_schedule_and_csv_pages_queries_do_not_grow_with_the_schedule(client, cast, url_name):
    wip = schedule_get_work_in_progress(conference=cast.ours)
    _, _, kind = url_name.partition(":talks_talk_csv_export:")
    if kind:
        url = reverse("admin:talks_talk_csv_export", args=[cast.ours.pk, kind])
    else:
        url = reverse(url_name, args=[cast.ours.pk])
    client.force_login(cast.organizer)

    def grow_and_count(slots: int) -> int:
        for _ in range(slots):
            slot = SlotFactory(schedule=wip, talk__speakers=[SpeakerFactory()])
            slot.talk.tags.add(TagFactory())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    schedule_release(conference=cast.ours, version="1.0")
    small = grow_and_count(2)
    assert grow_and_count(8) == small


def test_history_shows_who_moved_a_slot(client, cast):
    wip = schedule_get_work_in_progress(conference=cast.ours)
    slot = SlotFactory(schedule=wip)
    client.force_login(cast.organizer)
    form = {
        "schedule": wip.pk,
        "room": slot.room.pk,
        "talk": slot.talk.pk,
        "title": "",
        "start_0": "2015-02-07",
        "start_1": "14:00",
        "end_0": "2015-02-07",
        "end_1": "14:45",
    }
    assert client.post(reverse("admin:talks_slot_change", args=[slot.pk]), form).status_code == 302
    slot.refresh_from_db()
    assert slot.start == dt.datetime(2015, 2, 7, 14, tzinfo=CHICAGO)
    page = client.get(reverse("admin:talks_slot_history", args=[slot.pk]))
    assert page.status_code == 200
    assert "organizer" in page.text
    latest = slot.history.first()
    assert latest.history_user == cast.organizer
    assert sorted(latest.diff_against(latest.prev_record).changed_fields) == ["end", "start"]


def test_reverting_history_needs_change_permission_and_the_conference(client, cast):
    talk = TalkFactory(conference=cast.ours, title="Before")
    talk.title = "After"
    talk.save()
    version = talk.history.last()
    url = reverse("admin:talks_talk_simple_history", args=[talk.pk, version.history_id])
    data = {
        "conference": cast.ours.pk,
        "title": "Before",
        "slug": talk.slug,
        "kind": "talk",
        "state": "confirmed",
        "language": "en",
    }
    client.force_login(cast.volunteer)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    client.force_login(cast.other_organizer)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    talk.refresh_from_db()
    assert talk.title == "After"


def test_reinstate_cancelled_talks(client, cast):
    talk = TalkFactory(conference=cast.ours, state=Talk.State.CANCELLED, cancellation_note="Ill")
    theirs = TalkFactory(conference=cast.theirs, state=Talk.State.CANCELLED)
    client.force_login(cast.organizer)
    _action(client, "talks_talk", "reinstate_talks", [talk.pk, theirs.pk])
    talk.refresh_from_db()
    theirs.refresh_from_db()
    assert (talk.state, talk.cancellation_note) == (Talk.State.CONFIRMED, "")
    assert theirs.state == Talk.State.CANCELLED
