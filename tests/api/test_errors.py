"""One JSON error shape for every error; bad input is a 400, never a 500 or HTML."""

import pytest

from tests.api.conftest import Programme, client_for

pytestmark = pytest.mark.django_db

SHAPE = {"status", "code", "message", "errors"}


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == SHAPE
    assert body["status"] == status
    return body


def test_unknown_api_path_is_a_json_404(api):
    body = assert_error(api.get("/api/v1/no/such/thing/"), 404)
    assert body["code"] == "not_found"


def test_unknown_conference_is_a_json_404(api, programme: Programme):
    body = assert_error(api.get("/api/v1/conferences/nope/talks/"), 404)
    # Raised as Django's Http404 by shared code; the API still names it.
    assert body["code"] == "not_found"
    assert body["message"] == "No such conference."


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/talks/?updated_since=yesterday", "updated_since"),
        ("/api/v1/talks/?day=31-31-2015", "day"),
        ("/api/v1/talks/?kind=sermon", "kind"),
        ("/api/v1/talks/?expand=everything", "expand"),
        ("/api/v1/conferences/?year=soon", "year"),
        ("/api/v1/conferences/pytn/schedule/?day=2016-01-01", "day"),
        ("/api/v1/conferences/pytn/schedule/?day=tomorrow", "day"),
    ],
)
def test_bad_query_parameters_are_field_errors(api, programme: Programme, url: str, field: str):
    body = assert_error(api.get(url), 400)
    assert field in body["errors"]


def test_bad_cursor_is_a_404_not_a_500(api, programme: Programme):
    assert_error(api.get("/api/v1/talks/?cursor=garbage"), 404)


def test_overlapping_slot_is_a_400_with_the_message(programme: Programme):
    client = client_for(programme.users["organizer"])
    response = client.post(
        "/api/v1/conferences/pytn/slots/",
        {
            "start": "2015-02-07T09:30:00-06:00",
            "end": "2015-02-07T10:30:00-06:00",
            "room": programme.wip_slot.room_id,
            "title": "Clash",
        },
        format="json",
    )
    body = assert_error(response, 400)
    assert "Main Hall is taken from Sat 07 Feb 09:00 to 10:00" in body["message"]


def test_slot_ending_before_it_starts_is_a_field_error(programme: Programme):
    client = client_for(programme.users["organizer"])
    response = client.post(
        "/api/v1/conferences/pytn/slots/",
        {"start": "2015-02-07T15:00:00Z", "end": "2015-02-07T14:00:00Z", "title": "Odd"},
        format="json",
    )
    assert assert_error(response, 400)["errors"]["end"] == ["A slot must end after it starts."]


def test_malformed_json_is_a_400(programme: Programme):
    client = client_for(programme.users["organizer"])
    response = client.post(
        "/api/v1/conferences/pytn/rooms/", "{not json", content_type="application/json"
    )
    assert_error(response, 400)


def test_bad_talk_id_in_slot_is_a_field_error(programme: Programme):
    client = client_for(programme.users["organizer"])
    response = client.post(
        "/api/v1/conferences/pytn/slots/",
        {"start": "2015-02-07T15:00:00Z", "end": "2015-02-07T16:00:00Z", "talk": "not-a-uuid"},
        format="json",
    )
    assert "talk" in assert_error(response, 400)["errors"]


def test_duplicate_release_name_is_a_400(programme: Programme):
    client = client_for(programme.users["organizer"])
    response = client.post("/api/v1/conferences/pytn/schedules/", {"version": "1.0"}, format="json")
    assert assert_error(response, 400)["errors"]


def test_deleting_a_room_used_by_slots_is_a_409(programme: Programme):
    client = client_for(programme.users["organizer"])
    response = client.delete(f"/api/v1/conferences/pytn/rooms/{programme.wip_slot.room_id}/")
    assert_error(response, 409)


def test_duplicate_room_name_is_a_400(programme: Programme):
    client = client_for(programme.users["organizer"])
    response = client.post("/api/v1/conferences/pytn/rooms/", {"name": "Main Hall"}, format="json")
    assert assert_error(response, 400)["errors"]


def test_method_not_allowed_is_json(api, programme: Programme):
    assert_error(api.delete("/api/v1/conferences/pytn/"), 405)


def test_unknown_path_with_a_newline_is_still_a_json_404(api):
    assert_error(api.get("/api/v1/me/bookmarks/%0Ax/"), 404)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/conferences/?year=0",
        "/api/v1/conferences/?year=1.5",
        "/api/v1/talks/?room=99999999999999999999999",
    ],
)
def test_out_of_range_numbers_are_400s(api, programme: Programme, url: str):
    assert_error(api.get(url), 400)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/conferences/pytn/rooms/99999999999999999999999/"),
        ("delete", "/api/v1/me/tokens/null,null/"),
        ("get", "/api/v1/talks/------------------------------------/"),
    ],
)
def test_malformed_ids_in_paths_are_404s(programme: Programme, method: str, url: str):
    client = client_for(programme.users["staff"])
    assert_error(getattr(client, method)(url), 404)


def test_a_released_talk_cannot_be_deleted_only_cancelled(programme: Programme):
    client = client_for(programme.users["organizer"])
    # The request is fine; the talk's state forbids it: 409 (talk_delete_refusals).
    body = assert_error(client.delete("/api/v1/conferences/pytn/talks/keynote/"), 409)
    assert body["code"] == "conflict"
    assert "cancel it instead" in body["message"]
    response = client.patch(
        "/api/v1/conferences/pytn/talks/keynote/", {"state": "cancelled"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["state"] == "cancelled"
