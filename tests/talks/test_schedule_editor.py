"""The schedule editor's pages: who sees it, what the board shows, polling, release."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conference.models import OrganizerMembership
from talks.models import Schedule, Talk
from talks.scheduling import schedule_conflicts
from talks.services import schedule_get_work_in_progress, schedule_release, slot_create, slot_update
from tests.factories import (
    BookmarkFactory,
    ConferenceFactory,
    OrganizerMembershipFactory,
    RoomFactory,
    SpeakerFactory,
    TalkFactory,
    TrackFactory,
    UserFactory,
)
from tests.website import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    conference = ConferenceFactory(slug="pyt")
    hall = RoomFactory(conference=conference, name="Main Hall", position=0, capacity=2)
    small = RoomFactory(conference=conference, name="Room 200", position=1)
    data = TrackFactory(conference=conference, name="Data", slug="data")
    kyle = SpeakerFactory(name="Kyle Kelley")
    keynote = TalkFactory(
        conference=conference,
        title="Keynote talk",
        speakers=[kyle],
        duration=dt.timedelta(minutes=45),
    )
    pandas = TalkFactory(conference=conference, title="Pandas talk", track=data, speakers=[kyle])
    TalkFactory(
        conference=conference,
        title="Numpy talk",
        track=data,
        kind=Talk.Kind.TUTORIAL,
        duration=dt.timedelta(minutes=90),
    )
    TalkFactory(conference=conference, title="Draft talk", state=Talk.State.DRAFT)
    wip = schedule_get_work_in_progress(conference=conference)
    slot_create(
        schedule=wip,
        room=hall,
        talk=keynote,
        start=local(conference, 0, 9),
        end=local(conference, 0, 9, 45),
    )
    users = {"organizer": None, "lead": None, "volunteer": None}
    for role in users:
        user = UserFactory(username=role)
        OrganizerMembershipFactory(user=user, conference=conference, role=role)
        users[role] = user
    return {
        "conference": conference,
        "wip": wip,
        "hall": hall,
        "small": small,
        "pandas": pandas,
        "users": users,
    }


def editor_url(**query: str) -> str:
    url = reverse("conference:schedule_edit", kwargs={"slug": "pyt"})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_editor_sends_anonymous_visitors_to_sign_in(client, plan):
    response = client.get(editor_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_editor_is_forbidden_to_attendees_and_other_conferences_organizers(client, plan):
    client.force_login(UserFactory())
    assert client.get(editor_url()).status_code == 403
    other = UserFactory()
    OrganizerMembershipFactory(user=other, conference=ConferenceFactory())
    client.force_login(other)
    assert client.get(editor_url()).status_code == 403


@pytest.mark.parametrize("role", ["organizer", "lead"])
def test_editors_get_draggable_cards_and_the_script(client, plan, role):
    client.force_login(plan["users"][role])
    response = client.get(editor_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "js/schedule-editor.js" in html
    assert 'button type="button" class="ed-slot' in html
    assert "Keynote talk" in html
    assert 'data-talk="' + str(plan["pandas"].uuid) + '" data-minutes="30"' in html
    assert "Release a version" in html


def test_volunteers_see_the_board_read_only(client, plan):
    client.force_login(plan["users"]["volunteer"])
    response = client.get(editor_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Keynote talk" in html
    assert "schedule-editor.js" not in html
    assert '<button type="button" class="ed-' not in html
    assert client.get(editor_url().replace("edit/", "edit/release/")).status_code == 403


def test_unscheduled_list_holds_confirmed_talks_without_a_slot(client, plan):
    client.force_login(plan["users"]["organizer"])
    context = client.get(editor_url()).context
    titles = [item["talk"].title for item in context["unscheduled"]]
    assert titles == ["Numpy talk", "Pandas talk"]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"track": "data", "kind": "tutorial"}, ["Numpy talk"]),
        ({"speaker": "kyle"}, ["Pandas talk"]),
        ({"duration": "long"}, ["Numpy talk"]),
        ({"duration": "unknown"}, ["Pandas talk"]),
        ({"q": "pan"}, ["Pandas talk"]),
    ],
)
def test_unscheduled_list_filters(client, plan, query, titles):
    client.force_login(plan["users"]["organizer"])
    response = client.get(editor_url(**query))
    assert [item["talk"].title for item in response.context["unscheduled"]] == titles


def test_an_unknown_filter_value_is_a_form_error_not_a_500(client, plan):
    client.force_login(plan["users"]["organizer"])
    response = client.get(editor_url(track="nope"))
    assert response.status_code == 200
    assert response.context["unscheduled"] == []
    assert "Select a valid choice" in response.content.decode()


def test_a_day_outside_the_conference_is_404(client, plan):
    client.force_login(plan["users"]["organizer"])
    assert client.get(editor_url(day="2016-01-01")).status_code == 404
    assert client.get(editor_url(day="tomorrow")).status_code == 404


def test_board_answers_304_until_a_slot_changes(client, plan):
    client.force_login(plan["users"]["organizer"])
    url = reverse("conference:schedule_edit_board", kwargs={"slug": "pyt"})
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    slot_create(
        schedule=plan["wip"],
        room=plan["small"],
        talk=plan["pandas"],
        start=local(plan["conference"], 0, 9),
        end=local(plan["conference"], 0, 9, 30),
    )
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Pandas talk" in changed.content.decode()
    assert "Kyle Kelley is in two places at once" in changed.content.decode()


def test_board_etag_is_the_api_slot_etag(client, plan):
    client.force_login(plan["users"]["organizer"])
    board = client.get(reverse("conference:schedule_edit_board", kwargs={"slug": "pyt"}))
    slot = plan["wip"].slots.get()
    api = client.get(f"/api/v1/conferences/pyt/slots/{slot.pk}/")
    assert api["ETag"].strip('"') in board.content.decode()


def test_board_query_count_does_not_grow_with_slots(client, plan):
    client.force_login(plan["users"]["organizer"])
    url = reverse("conference:schedule_edit_board", kwargs={"slug": "pyt"})
    conference = plan["conference"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    client.get(url)  # the session and the work in progress exist from here on
    one_slot = queries()
    for hour in range(10, 16):
        talk = TalkFactory(conference=conference, speakers=[SpeakerFactory(), SpeakerFactory()])
        slot_create(
            schedule=plan["wip"],
            room=plan["small"],
            talk=talk,
            start=local(conference, 0, hour),
            end=local(conference, 0, hour, 30),
        )
        BookmarkFactory(talk=talk)
    assert queries() == one_slot


def test_track_split_across_rooms_in_one_block_is_a_conflict(plan):
    conference, wip = plan["conference"], plan["wip"]
    data = conference.tracks.get()
    other = TalkFactory(conference=conference, title="Arrow talk", track=data)
    slot_create(
        schedule=wip,
        room=plan["hall"],
        talk=plan["pandas"],
        start=local(conference, 0, 10),
        end=local(conference, 0, 10, 30),
    )
    arrow = slot_create(
        schedule=wip,
        room=plan["small"],
        talk=other,
        start=local(conference, 0, 10, 30),
        end=local(conference, 0, 11),
    )
    tracks = [c for c in schedule_conflicts(schedule=wip) if c.kind == "track"]
    assert [c.message for c in tracks] == [
        "Track Data is split across Main Hall, Room 200 between Sat 10:00 and Sat 11:00."
    ]
    # A break across every room starts a new block: no split any more.
    slot_update(
        slot=arrow, fields={"start": local(conference, 0, 11), "end": local(conference, 0, 11, 30)}
    )
    slot_create(
        schedule=wip,
        title="Coffee",
        start=local(conference, 0, 10, 30),
        end=local(conference, 0, 11),
    )
    assert [c for c in schedule_conflicts(schedule=wip) if c.kind == "track"] == []


def test_room_over_capacity_by_bookmarks_is_shown_on_the_board(client, plan):
    keynote_talk = plan["wip"].slots.get().talk
    for _ in range(3):
        BookmarkFactory(talk=keynote_talk)
    client.force_login(plan["users"]["organizer"])
    html = client.get(editor_url()).content.decode()
    assert "has 3 bookmarks; Main Hall seats 2" in html
    assert "has-conflict" in html


def test_release_page_previews_and_releases_version_n_plus_one(client, plan):
    conference = plan["conference"]
    schedule_release(conference=conference, version="1.0")
    slot_create(
        schedule=plan["wip"],
        room=plan["small"],
        talk=plan["pandas"],
        start=local(conference, 0, 11),
        end=local(conference, 0, 11, 30),
    )
    client.force_login(plan["users"]["lead"])
    url = reverse("conference:schedule_edit_release", kwargs={"slug": "pyt"})
    preview = client.get(url)
    assert preview.status_code == 200
    assert preview.context["form"].initial["version"] == "1.1"
    assert [c["type"] for c in preview.context["changes"]] == ["added"]
    response = client.post(url, {"version": "1.1", "comment": "Pandas added"})
    assert response.status_code == 302
    release = Schedule.objects.get(conference=conference, version="1.1")
    assert release.comment == "Pandas added"
    assert [e["type"] for e in release.changelog if e["type"] != "snapshot"] == ["added"]
    feed = client.get(reverse("schedule_changes:feed", kwargs={"slug": "pyt"}))
    assert "Pandas talk" in feed.content.decode()


def test_release_with_a_used_name_is_a_form_error(client, plan):
    schedule_release(conference=plan["conference"], version="1.0")
    client.force_login(plan["users"]["organizer"])
    url = reverse("conference:schedule_edit_release", kwargs={"slug": "pyt"})
    response = client.post(url, {"version": "1.0"})
    assert response.status_code == 400
    assert "already has a release of that name" in response.content.decode()
    assert Schedule.objects.released().filter(conference=plan["conference"]).count() == 1


def test_volunteer_role_is_read_only(plan):
    volunteer = plan["users"]["volunteer"]
    assert volunteer.has_perm("talks.view_schedule_wip", plan["conference"])
    assert not volunteer.has_perm("talks.change_slot", plan["conference"])
    assert OrganizerMembership.Role.VOLUNTEER == "volunteer"
