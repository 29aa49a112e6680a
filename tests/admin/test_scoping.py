"""Every admin model, for this conference's organizer, another's, a volunteer and a superuser."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conference.models import Conference
from talks.models import Speaker
from talks.services import schedule_get_work_in_progress, schedule_release
from tests.factories import (
    BookmarkFactory,
    FollowUpFactory,
    OrganizerMembershipFactory,
    ReleasedScheduleFactory,
    ResourceFactory,
    RoomFactory,
    ScheduleFactory,
    SeriesFactory,
    SlotFactory,
    SpeakerFactory,
    TagFactory,
    TalkFactory,
    TrackFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

# The speaker form's availability inline, with no rows.
NO_WINDOWS = {"availabilities-TOTAL_FORMS": "0", "availabilities-INITIAL_FORMS": "0"}


def _speaker_of(conference: Conference) -> Speaker:
    speaker = SpeakerFactory()
    TalkFactory(conference=conference, speakers=[speaker])
    return speaker


# model admin URL name -> how to make a row of a given conference
SCOPED: dict[str, Callable[[Conference], Any]] = {
    "conference_conference": lambda c: c,
    "conference_room": lambda c: RoomFactory(conference=c),
    "conference_track": lambda c: TrackFactory(conference=c),
    "conference_organizermembership": lambda c: OrganizerMembershipFactory(conference=c),
    "talks_talk": lambda c: TalkFactory(conference=c),
    "talks_speaker": _speaker_of,
    "talks_resource": lambda c: ResourceFactory(talk=TalkFactory(conference=c)),
    "talks_schedule": lambda c: ScheduleFactory(conference=c),
    "talks_slot": lambda c: SlotFactory(schedule=ScheduleFactory(conference=c)),
}
SUPERUSER_ONLY: dict[str, Callable[[Conference], Any]] = {
    "conference_series": lambda c: SeriesFactory(),
    "conference_venue": lambda c: VenueFactory(),
    "talks_bookmark": lambda c: BookmarkFactory(talk=TalkFactory(conference=c)),
    "talks_followup": lambda c: FollowUpFactory(talk=TalkFactory(conference=c)),
}


def _changelist_rows(client, name: str) -> list[Any]:
    response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize("name", SCOPED)
def test_organizer_sees_only_their_conference_in_changelists(client, cast, name):
    ours, theirs = SCOPED[name](cast.ours), SCOPED[name](cast.theirs)
    client.force_login(cast.organizer)
    rows = _changelist_rows(client, name)
    assert ours in rows
    assert theirs not in rows


@pytest.mark.parametrize("name", SCOPED)
def test_organizer_opens_their_rows_and_gets_404_for_another_conferences(client, cast, name):
    ours, theirs = SCOPED[name](cast.ours), SCOPED[name](cast.theirs)
    client.force_login(cast.organizer)
    assert client.get(reverse(f"admin:{name}_change", args=[ours.pk])).status_code == 200
    for view in ("change", "delete", "history"):
        response = client.get(reverse(f"admin:{name}_{view}", args=[theirs.pk]))
        assert response.status_code in (403, 404), view
    response = client.post(reverse(f"admin:{name}_change", args=[theirs.pk]), {})
    assert response.status_code == 404


@pytest.mark.parametrize("name", SCOPED)
def test_other_organizer_cannot_reach_our_rows(client, cast, name):
    ours = SCOPED[name](cast.ours)
    client.force_login(cast.other_organizer)
    assert ours not in _changelist_rows(client, name)
    assert client.get(reverse(f"admin:{name}_change", args=[ours.pk])).status_code == 404


@pytest.mark.parametrize("name", [*SCOPED, *SUPERUSER_ONLY])
def test_superuser_sees_every_conference(client, cast, name):
    make = {**SCOPED, **SUPERUSER_ONLY}[name]
    ours, theirs = make(cast.ours), make(cast.theirs)
    client.force_login(cast.superuser)
    rows = _changelist_rows(client, name)
    assert ours in rows
    assert theirs in rows
    assert client.get(reverse(f"admin:{name}_change", args=[theirs.pk])).status_code == 200


@pytest.mark.parametrize("name", SUPERUSER_ONLY)
def test_organizer_cannot_open_superuser_only_models(client, cast, name):
    row = SUPERUSER_ONLY[name](cast.ours)
    client.force_login(cast.organizer)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403
    assert client.get(reverse(f"admin:{name}_change", args=[row.pk])).status_code == 403


@pytest.mark.parametrize("name", SCOPED)
def test_volunteer_reads_but_cannot_change(client, cast, name):
    ours = SCOPED[name](cast.ours)
    client.force_login(cast.volunteer)
    url = reverse(f"admin:{name}_change", args=[ours.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert client.post(url, {}).status_code == 403
    assert client.get(reverse(f"admin:{name}_add")).status_code == 403


def test_staff_without_membership_sees_no_conference_data(client, cast):
    TalkFactory(conference=cast.ours)
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert response.context["app_list"] == []
    assert client.get(reverse("admin:talks_talk_changelist")).status_code == 403


def test_admin_index_lists_the_organizers_models_only(client, cast):
    client.force_login(cast.organizer)
    response = client.get(reverse("admin:index"))
    models = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert {"Conference", "Room", "Track", "Talk", "Speaker", "Slot", "Schedule"} <= models
    assert not models & {"Bookmark", "FollowUp", "Series", "Venue"}


def test_organizer_cannot_add_or_delete_conferences(client, cast):
    client.force_login(cast.organizer)
    assert client.get(reverse("admin:conference_conference_add")).status_code == 403
    delete = reverse("admin:conference_conference_delete", args=[cast.ours.pk])
    assert client.get(delete).status_code == 403


def test_organizer_can_change_their_conference(client, cast):
    client.force_login(cast.organizer)
    url = reverse("admin:conference_conference_change", args=[cast.ours.pk])
    form = client.get(url).context["adminform"].form
    assert "series" in form.fields


def test_changelist_filter_offers_only_the_organizers_conferences(client, cast):
    TalkFactory(conference=cast.ours)
    client.force_login(cast.organizer)
    response = client.get(reverse("admin:talks_talk_changelist"))
    assert "Other Conf 2015" not in response.text
    assert "PyTennessee 2015" in response.text


def test_room_add_offers_only_the_organizers_conferences(client, cast):
    client.force_login(cast.organizer)
    response = client.get(reverse("admin:conference_room_add"))
    choices = list(response.context["adminform"].form.fields["conference"].queryset)
    assert choices == [cast.ours]
    refused = client.post(
        reverse("admin:conference_room_add"),
        {"conference": cast.theirs.pk, "name": "Sneaky", "position": 0},
    )
    assert refused.status_code == 200
    assert "conference" in refused.context["adminform"].form.errors
    assert not cast.theirs.rooms.exists()


def test_slot_form_offers_only_the_organizers_rooms_talks_and_schedules(client, cast):
    our_room, their_room = RoomFactory(conference=cast.ours), RoomFactory(conference=cast.theirs)
    our_talk, their_talk = TalkFactory(conference=cast.ours), TalkFactory(conference=cast.theirs)
    ReleasedScheduleFactory(conference=cast.ours)
    client.force_login(cast.organizer)
    fields = client.get(reverse("admin:talks_slot_add")).context["adminform"].form.fields
    assert list(fields["room"].queryset) == [our_room]
    assert list(fields["talk"].queryset) == [our_talk]
    schedules = list(fields["schedule"].queryset)
    assert [(s.conference, s.version) for s in schedules] == [(cast.ours, "")]
    assert their_room not in fields["room"].queryset
    assert their_talk not in fields["talk"].queryset


def test_talk_autocomplete_for_slots_lists_only_the_organizers_talks(client, cast):
    TalkFactory(conference=cast.ours, title="Our talk")
    TalkFactory(conference=cast.theirs, title="Their talk")
    client.force_login(cast.organizer)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "talks", "model_name": "slot", "field_name": "talk", "term": "talk"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Our talk"]


def test_talk_list_shows_followup_counts_but_not_their_contents(client, cast):
    talk = TalkFactory(conference=cast.ours, title="Counted")
    FollowUpFactory(talk=talk, email="secret.person@example.net", message="Private words")
    FollowUpFactory(talk=talk)
    client.force_login(cast.organizer)
    response = client.get(reverse("admin:talks_talk_changelist"))
    assert response.context["cl"].result_list[0].followups_n == 2
    page = client.get(reverse("admin:talks_talk_change", args=[talk.pk])).text
    for body in (response.text, page):
        assert "secret.person@example.net" not in body
        assert "Private words" not in body


def test_speaker_with_talks_elsewhere_stays_editable_by_each_conference(client, cast):
    # A speaker on both programmes (attached by someone who runs both, or staff): sharing
    # them takes editing away from neither conference (talks.change_speaker).
    shared = SpeakerFactory(email="shared@example.org")
    TalkFactory(conference=cast.ours, speakers=[shared])
    TalkFactory(conference=cast.theirs, speakers=[shared])
    url = reverse("admin:talks_speaker_change", args=[shared.pk])
    for user, name in ((cast.organizer, "Renamed"), (cast.other_organizer, "Renamed again")):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["has_change_permission"] is True
        assert "shared@example.org" in response.text
        data = {"name": name, "slug": shared.slug, "email": shared.email, **NO_WINDOWS}
        response = client.post(url, data)
        assert response.status_code == 302
        shared.refresh_from_db()
        assert shared.name == name


def test_volunteer_sees_a_speaker_without_email_and_cannot_change_them(client, cast):
    speaker = SpeakerFactory(email="private@example.org")
    TalkFactory(conference=cast.ours, speakers=[speaker])
    client.force_login(cast.volunteer)
    url = reverse("admin:talks_speaker_change", args=[speaker.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert "private@example.org" not in response.text
    assert client.post(url, {"name": "Renamed", "slug": speaker.slug}).status_code == 403


def test_speaker_only_in_our_conference_is_editable(client, cast):
    speaker = _speaker_of(cast.ours)
    client.force_login(cast.organizer)
    url = reverse("admin:talks_speaker_change", args=[speaker.pk])
    response = client.post(url, {"name": "New Name", "slug": speaker.slug, **NO_WINDOWS})
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.name == "New Name"
    assert speaker.history.first().history_user == cast.organizer


def test_tags_are_usable_but_only_superusers_edit_them(client, cast):
    tag = TagFactory()
    client.force_login(cast.organizer)
    assert client.get(reverse("admin:talks_tag_changelist")).status_code == 200
    assert client.get(reverse("admin:talks_tag_add")).status_code == 200
    response = client.get(reverse("admin:talks_tag_change", args=[tag.pk]))
    assert response.context["has_change_permission"] is False
    assert client.get(reverse("admin:talks_tag_delete", args=[tag.pk])).status_code == 403


def test_staff_speaker_reads_followups_of_their_own_talk_only(client, cast):
    user = UserFactory(is_staff=True)
    mine = FollowUpFactory(
        talk=TalkFactory(conference=cast.ours, speakers=[SpeakerFactory(user=user)])
    )
    other = FollowUpFactory(talk=TalkFactory(conference=cast.ours))
    client.force_login(user)
    assert _changelist_rows(client, "talks_followup") == [mine]
    assert client.get(reverse("admin:talks_followup_change", args=[other.pk])).status_code in (
        302,
        403,
        404,
    )


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("talks_talk", lambda c: TalkFactory(conference=c, track=TrackFactory(conference=c))),
        ("talks_slot", lambda c: SlotFactory(schedule=schedule_get_work_in_progress(conference=c))),
        ("talks_speaker", lambda c: _speaker_of(c)),
        ("talks_resource", lambda c: ResourceFactory(talk=TalkFactory(conference=c))),
        ("conference_room", lambda c: RoomFactory(conference=c)),
        ("conference_track", lambda c: TrackFactory(conference=c)),
        ("talks_schedule", lambda c: ReleasedScheduleFactory(conference=c)),
    ],
)
def test_changelist_queries_do_not_grow_with_rows(client, cast, name, make):
    client.force_login(cast.organizer)

    def grow_and_count(rows: int) -> int:
        for _ in range(rows):
            make(cast.ours)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
        return len(queries)

    small = grow_and_count(2)
    assert grow_and_count(6) == small


def test_organizer_cannot_delete_a_talk_of_a_released_schedule(client, cast):
    from talks.models import Talk

    slot = SlotFactory(schedule=schedule_get_work_in_progress(conference=cast.ours))
    schedule_release(conference=cast.ours, version="1.0")
    client.force_login(cast.organizer)
    url = reverse("admin:talks_talk_delete", args=[slot.talk.pk])
    # Refused on the confirmation page (its rows and talk_delete_refusals), nothing gone.
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Cannot delete talk" in response.text
    assert Talk.objects.filter(pk=slot.talk.pk).exists()
    client.force_login(cast.superuser)
    assert client.post(url, {"post": "yes"}).status_code == 302


def test_superuser_can_delete_a_conference_with_releases(client, cast):
    schedule_release(conference=cast.theirs, version="1.0")
    client.force_login(cast.superuser)
    url = reverse("admin:conference_conference_delete", args=[cast.theirs.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Conference.objects.filter(pk=cast.theirs.pk).exists()


def test_conference_autocomplete_offers_only_the_organizers(client, cast):
    client.force_login(cast.organizer)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "talks", "model_name": "talk", "field_name": "conference", "term": "20"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["PyTennessee 2015"]


def test_organizer_adds_a_room_through_the_conference_page(client, cast):
    client.force_login(cast.organizer)
    url = reverse("admin:conference_conference_change", args=[cast.ours.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: form.initial.get(name, "")
        for name in form.fields
        if form.initial.get(name) is not None
    }
    data.update(
        {
            "start_date": "2015-02-07",
            "end_date": "2015-02-08",
            "day_change": "04:00",
            "rooms-TOTAL_FORMS": "1",
            "rooms-INITIAL_FORMS": "0",
            "rooms-0-name": "Annex",
            "rooms-0-position": "1",
            "tracks-TOTAL_FORMS": "0",
            "tracks-INITIAL_FORMS": "0",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(cast.ours.rooms.values_list("name", flat=True)) == ["Annex"]


def test_conference_filter_lists_a_speaker_with_two_talks_once(client, cast):
    speaker = SpeakerFactory()
    TalkFactory(conference=cast.ours, speakers=[speaker])
    TalkFactory(conference=cast.ours, speakers=[speaker])
    client.force_login(cast.organizer)
    response = client.get(reverse("admin:talks_speaker_changelist"), {"conference": cast.ours.pk})
    assert list(response.context["cl"].result_list) == [speaker]
