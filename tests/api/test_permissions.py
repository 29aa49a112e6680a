"""Every verb for every role: who may read and who may change what."""

import pytest

from conference.models import Room, Track
from talks.models import Slot, Speaker, Talk
from tests.api.conftest import ROLES, Programme, client_for
from tests.factories import RoomFactory, SpeakerFactory, TalkFactory, TrackFactory

WRITERS = {"organizer", "lead", "staff"}
READERS_OF_WORK_IN_PROGRESS = WRITERS | {"volunteer"}  # volunteers read, never write

pytestmark = pytest.mark.django_db


def expected_write_status(role: str, success: int) -> int:
    if role == "anonymous":
        return 401
    return success if role in WRITERS else 403


@pytest.mark.parametrize("role", ROLES)
def test_published_programme_reads_are_public(programme: Programme, role: str):
    client = client_for(programme.users[role])
    base = "/api/v1/conferences/pytn"
    for url in [
        "/api/v1/conferences/",
        f"{base}/",
        f"{base}/rooms/",
        f"{base}/tracks/",
        f"{base}/talks/",
        f"{base}/talks/keynote/",
        f"{base}/speakers/",
        f"{base}/schedule/",
        f"{base}/schedules/",
        f"{base}/schedules/1.0/",
        "/api/v1/talks/",
        f"/api/v1/talks/{programme.talk.uuid}/",
        "/api/v1/speakers/",
        "/api/v1/speakers/kyle-kelley/",
        "/api/v1/tags/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)


@pytest.mark.parametrize("role", ROLES)
def test_work_in_progress_slots_only_for_the_conferences_members(programme: Programme, role: str):
    response = client_for(programme.users[role]).get("/api/v1/conferences/pytn/slots/")
    expected = 401 if role == "anonymous" else 403
    if role in READERS_OF_WORK_IN_PROGRESS:
        expected = 200
    assert response.status_code == expected
    if expected == 200:
        assert [s["id"] for s in response.json()["results"]] == [programme.wip_slot.pk]


@pytest.mark.parametrize("role", ROLES)
def test_room_create_update_delete(programme: Programme, role: str):
    client = client_for(programme.users[role])
    url = "/api/v1/conferences/pytn/rooms/"
    response = client.post(url, {"name": "Room B", "capacity": 80}, format="json")
    assert response.status_code == expected_write_status(role, 201)
    room = RoomFactory(conference=programme.conference, name="Spare")
    response = client.patch(f"{url}{room.pk}/", {"capacity": 5}, format="json")
    assert response.status_code == expected_write_status(role, 200)
    response = client.delete(f"{url}{room.pk}/")
    assert response.status_code == expected_write_status(role, 204)
    assert Room.objects.filter(pk=room.pk).exists() == (role not in WRITERS)


@pytest.mark.parametrize("role", ROLES)
def test_track_create_update_delete(programme: Programme, role: str):
    client = client_for(programme.users[role])
    url = "/api/v1/conferences/pytn/tracks/"
    payload = {"slug": "web", "name": "Web", "colour": "#112233"}
    assert client.post(url, payload, format="json").status_code == expected_write_status(role, 201)
    track = TrackFactory(conference=programme.conference, slug="data")
    response = client.put(
        f"{url}data/", {"slug": "data", "name": "Data!", "colour": "#000000"}, format="json"
    )
    assert response.status_code == expected_write_status(role, 200)
    assert client.delete(f"{url}data/").status_code == expected_write_status(role, 204)
    assert Track.objects.filter(pk=track.pk).exists() == (role not in WRITERS)


@pytest.mark.parametrize("role", ROLES)
def test_talk_create_update_delete(programme: Programme, role: str):
    client = client_for(programme.users[role])
    url = "/api/v1/conferences/pytn/talks/"
    payload = {"title": "New talk", "kind": "talk", "speakers": ["kyle-kelley"]}
    response = client.post(url, payload, format="json")
    assert response.status_code == expected_write_status(role, 201)
    if role in WRITERS:
        assert response.json()["slug"] == "new-talk"
        assert response.json()["speakers"] == ["kyle-kelley"]
    talk = TalkFactory(conference=programme.conference, slug="spare")
    response = client.patch(f"{url}spare/", {"title": "Renamed"}, format="json")
    assert response.status_code == expected_write_status(role, 200)
    talk.refresh_from_db()
    assert (talk.title == "Renamed") == (role in WRITERS)
    assert client.delete(f"{url}spare/").status_code == expected_write_status(role, 204)
    assert Talk.objects.filter(pk=talk.pk).exists() == (role not in WRITERS)


@pytest.mark.parametrize("role", ROLES)
def test_speaker_create_update_delete(programme: Programme, role: str):
    client = client_for(programme.users[role])
    may_create = role in {"organizer", "lead", "other_organizer", "staff"}
    response = client.post("/api/v1/speakers/", {"name": "Grace Hopper"}, format="json")
    expected_create = 401 if role == "anonymous" else (201 if may_create else 403)
    assert response.status_code == expected_create
    # Kyle speaks only at pytn: its organizer may change him; the other organizer may not.
    response = client.patch(
        "/api/v1/speakers/kyle-kelley/", {"affiliation": "Netflix"}, format="json"
    )
    assert response.status_code == expected_write_status(role, 200)
    loner = SpeakerFactory(slug="loner")
    TalkFactory(conference=programme.conference, speakers=[loner])
    response = client.delete("/api/v1/speakers/loner/")
    assert response.status_code == expected_write_status(role, 204)
    assert Speaker.objects.filter(pk=loner.pk).exists() == (role not in WRITERS)


@pytest.mark.parametrize("role", ROLES)
def test_slot_create_update_delete(programme: Programme, role: str):
    client = client_for(programme.users[role])
    url = "/api/v1/conferences/pytn/slots/"
    payload = {
        "start": "2015-02-07T12:00:00-06:00",
        "end": "2015-02-07T13:00:00-06:00",
        "title": "Lunch",
        "room": None,
    }
    assert client.post(url, payload, format="json").status_code == expected_write_status(role, 201)
    slot = programme.wip_slot
    response = client.patch(f"{url}{slot.pk}/", {"end": "2015-02-07T10:30:00-06:00"}, format="json")
    assert response.status_code == expected_write_status(role, 200)
    assert client.delete(f"{url}{slot.pk}/").status_code == expected_write_status(role, 204)
    assert Slot.objects.filter(pk=slot.pk).exists() == (role not in WRITERS)


@pytest.mark.parametrize("role", ROLES)
def test_schedule_release(programme: Programme, role: str):
    client = client_for(programme.users[role])
    response = client.post("/api/v1/conferences/pytn/schedules/", {"version": "1.1"}, format="json")
    assert response.status_code == expected_write_status(role, 201)
    if role in WRITERS:
        latest = client.get("/api/v1/conferences/pytn/schedule/").json()
        assert latest["version"] == "1.1"


def test_other_organizer_cannot_write_through_their_own_conference(programme: Programme):
    """Objects of another conference are not reachable through one's own conference URL."""
    client = client_for(programme.users["other_organizer"])
    response = client.patch(
        f"/api/v1/conferences/other-conf/slots/{programme.wip_slot.pk}/",
        {"title": "x"},
        format="json",
    )
    assert response.status_code == 404
    room = programme.wip_slot.room
    response = client.post(
        "/api/v1/conferences/other-conf/slots/",
        {
            "start": "2015-02-07T12:00:00Z",
            "end": "2015-02-07T13:00:00Z",
            "room": room.pk,
            "title": "Sneaky",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "room" in response.json()["errors"]
