"""A volunteer (read-only member) and another conference's organizer change nothing.

Each probe asserts the exact status, the API's error shape, and that the database is
as it was.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from conference.models import Conference, Room
from talks.models import Schedule, Slot, Talk
from talks.services import api_token_create
from tests.api.conftest import Programme, client_for

pytestmark = pytest.mark.django_db

A = "/api/v1/conferences/pytn"
NEW_SLOT = {
    "start": "2015-02-07T12:00:00-06:00",
    "end": "2015-02-07T13:00:00-06:00",
    "title": "Lunch",
    "room": None,
}


def token_client(programme: Programme, role: str) -> APIClient:
    """A client sending the role's API token, as a script would."""
    _, key = api_token_create(user=programme.users[role], name=f"{role}'s laptop")
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")


def assert_forbidden(response: Any) -> None:
    assert response.status_code == 403, response.content
    body = response.json()
    assert body["status"] == 403
    assert body["code"] == "permission_denied"
    assert body["errors"] == {}


def programme_state(programme: Programme) -> dict[str, Any]:
    """What a refused write must leave as it was."""
    conference = programme.conference
    conference.refresh_from_db()
    return {
        "rooms": sorted(Room.objects.filter(conference=conference).values_list("pk", "name")),
        "talks": sorted(
            Talk.objects.filter(conference=conference).values_list("pk", "title", "state")
        ),
        "schedules": sorted(
            Schedule.objects.filter(conference=conference).values_list("pk", "version")
        ),
        "slots": sorted(
            Slot.objects.filter(schedule__conference=conference).values_list(
                "pk", "start", "end", "title"
            )
        ),
        "followups_closed": conference.followups_closed,
    }


def test_volunteer_token_cannot_add_a_room(programme: Programme):
    before = programme_state(programme)
    response = token_client(programme, "volunteer").post(
        f"{A}/rooms/", {"name": "Volunteer room", "capacity": 10}, format="json"
    )
    assert_forbidden(response)
    assert programme_state(programme) == before


def test_volunteer_token_cannot_add_a_talk(programme: Programme):
    before = programme_state(programme)
    response = token_client(programme, "volunteer").post(
        f"{A}/talks/", {"title": "Volunteer talk", "kind": "talk"}, format="json"
    )
    assert_forbidden(response)
    assert programme_state(programme) == before


def test_volunteer_token_cannot_delete_a_talk(programme: Programme):
    before = programme_state(programme)
    response = token_client(programme, "volunteer").delete(f"{A}/talks/keynote/")
    assert_forbidden(response)
    assert Talk.objects.filter(pk=programme.talk.pk).exists()
    assert programme_state(programme) == before


def test_volunteer_token_cannot_release_a_schedule(programme: Programme):
    before = programme_state(programme)
    response = token_client(programme, "volunteer").post(
        f"{A}/schedules/", {"version": "vol-1"}, format="json"
    )
    assert_forbidden(response)
    assert not Schedule.objects.filter(version="vol-1").exists()
    assert programme_state(programme) == before


def test_volunteer_token_reads_but_cannot_change_work_in_progress_slots(programme: Programme):
    client = token_client(programme, "volunteer")
    before = programme_state(programme)
    listed = client.get(f"{A}/slots/")
    assert listed.status_code == 200
    assert [slot["id"] for slot in listed.json()["results"]] == [programme.wip_slot.pk]
    slot_url = f"{A}/slots/{programme.wip_slot.pk}/"
    assert client.get(slot_url).status_code == 200
    assert_forbidden(client.patch(slot_url, {"title": "Moved"}, format="json"))
    assert_forbidden(client.post(f"{A}/slots/", NEW_SLOT, format="json"))
    assert_forbidden(client.delete(slot_url))
    assert programme_state(programme) == before


def test_volunteer_cannot_close_followups_through_the_website(programme: Programme):
    before = programme_state(programme)
    client = Client()
    client.force_login(programme.users["volunteer"])
    url = reverse("followups:close", kwargs={"conference": "pytn"})
    assert client.post(url, {"closed": "1"}).status_code == 403
    assert programme_state(programme) == before
    assert before["followups_closed"] is False
    # They still see the counts page, without the button.
    page = client.get(reverse("followups:organizer", kwargs={"conference": "pytn"}))
    assert page.status_code == 200
    assert url not in page.content.decode()


def test_organizer_closes_followups_through_the_website(programme: Programme):
    client = Client()
    client.force_login(programme.users["organizer"])
    url = reverse("followups:close", kwargs={"conference": "pytn"})
    assert client.post(url, {"closed": "1"}).status_code == 302
    programme.conference.refresh_from_db()
    assert programme.conference.followups_closed is True


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("post", "/rooms/", {"name": "Room B", "capacity": 80}),
        ("post", "/tracks/", {"slug": "web", "name": "Web", "colour": "#112233"}),
        ("post", "/talks/", {"title": "Sneaky", "kind": "talk"}),
        ("patch", "/talks/keynote/", {"title": "Renamed"}),
        ("delete", "/talks/keynote/", None),
        ("post", "/schedules/", {"version": "b-1"}),
        ("get", "/slots/", None),
        ("post", "/slots/", NEW_SLOT),
        ("patch", "/slots/{slot}/", {"title": "Moved"}),
        ("delete", "/slots/{slot}/", None),
    ],
)
def test_other_conferences_organizer_changes_nothing_here(
    programme: Programme, method: str, path: str, payload: Any
):
    before = programme_state(programme)
    client = client_for(programme.users["other_organizer"])
    url = A + path.format(slot=programme.wip_slot.pk)
    if method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(url, payload, format="json")
    assert_forbidden(response)
    assert programme_state(programme) == before


def test_other_conferences_organizer_cannot_close_our_followups(programme: Programme):
    before = programme_state(programme)
    client = Client()
    client.force_login(programme.users["other_organizer"])
    url = reverse("followups:close", kwargs={"conference": "pytn"})
    assert client.post(url, {"closed": "1"}).status_code == 403
    assert programme_state(programme) == before


def test_other_conferences_organizer_gets_404_for_our_unpublished_conference(
    programme: Programme,
):
    Conference.objects.filter(pk=programme.conference.pk).update(published=False)
    before = programme_state(programme)
    client = client_for(programme.users["other_organizer"])
    response = client.post(f"{A}/rooms/", {"name": "Room B"}, format="json")
    assert response.status_code == 404
    assert response.json()["status"] == 404
    assert programme_state(programme) == before
    # The volunteer sees it (read only) and still cannot write.
    volunteer = token_client(programme, "volunteer")
    assert volunteer.get(f"{A}/").status_code == 200
    assert_forbidden(volunteer.post(f"{A}/rooms/", {"name": "Room B"}, format="json"))
