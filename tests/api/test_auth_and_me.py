"""API tokens, session auth with CSRF, /me, bookmarks and the personal schedule."""

import pytest
from rest_framework.test import APIClient

from talks.models import ApiToken, Bookmark
from talks.models.tokens import hash_token_key
from tests.api.conftest import Programme, client_for
from tests.factories import BookmarkFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_token_is_shown_once_hashed_at_rest_and_authenticates(programme: Programme):
    user = programme.users["attendee"]
    response = client_for(user).post("/api/v1/me/tokens/", {"name": "lobby display"})
    assert response.status_code == 201
    key = response.json()["key"]
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == hash_token_key(key)
    assert key not in token.key_hash
    assert token.key_prefix == key[:10]
    listed = client_for(user).get("/api/v1/me/tokens/").json()["results"]
    assert [t["name"] for t in listed] == ["lobby display"]
    assert "key" not in listed[0]

    bearer = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert bearer.get("/api/v1/me/").json()["username"] == "attendee"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_stops_working(programme: Programme):
    user = programme.users["attendee"]
    key = client_for(user).post("/api/v1/me/tokens/", {"name": "script"}).json()["key"]
    token_id = ApiToken.objects.get(user=user).pk
    assert client_for(user).delete(f"/api/v1/me/tokens/{token_id}/").status_code == 204
    response = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me/")
    assert response.status_code == 401
    assert client_for(user).get("/api/v1/me/tokens/").json()["results"] == []


def test_wrong_token_is_a_401_even_on_public_endpoints(api, programme: Programme):
    api.credentials(HTTP_AUTHORIZATION="Bearer hw_made-up")
    response = api.get("/api/v1/conferences/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_another_users_token_cannot_be_revoked(programme: Programme):
    owner, other = programme.users["attendee"], programme.users["speaker"]
    client_for(owner).post("/api/v1/me/tokens/", {"name": "mine"})
    token = ApiToken.objects.get(user=owner)
    assert client_for(other).delete(f"/api/v1/me/tokens/{token.pk}/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_session_writes_need_csrf(programme: Programme):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(programme.users["organizer"])
    response = client.post("/api/v1/conferences/pytn/rooms/", {"name": "B"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_me_requires_sign_in_and_describes_the_user(api, programme: Programme):
    assert api.get("/api/v1/me/").status_code == 401
    me = client_for(programme.users["speaker"]).get("/api/v1/me/").json()
    assert me["speaker"] == "kyle-kelley"
    assert me["organizes"] == []
    organizer = client_for(programme.users["organizer"]).get("/api/v1/me/").json()
    assert organizer["organizes"] == ["pytn"]


def test_bookmarks_add_list_remove(programme: Programme):
    client = client_for(programme.users["attendee"])
    talk_id = str(programme.talk.uuid)
    assert client.post("/api/v1/me/bookmarks/", {"talk": talk_id}).status_code == 201
    assert client.post("/api/v1/me/bookmarks/", {"talk": talk_id}).status_code == 201
    assert Bookmark.objects.filter(user=programme.users["attendee"]).count() == 1
    listed = client.get("/api/v1/me/bookmarks/").json()["results"]
    assert [b["talk"]["id"] for b in listed] == [talk_id]
    assert client.delete(f"/api/v1/me/bookmarks/{talk_id}/").status_code == 204
    assert client.get("/api/v1/me/bookmarks/").json()["results"] == []
    assert client.delete(f"/api/v1/me/bookmarks/{talk_id}/").status_code == 404


def test_bookmarking_a_talk_one_cannot_see_is_refused(programme: Programme):
    draft = TalkFactory(conference=programme.conference, state="draft")
    client = client_for(programme.users["attendee"])
    response = client.post("/api/v1/me/bookmarks/", {"talk": str(draft.uuid)})
    assert response.status_code == 400
    assert "talk" in response.json()["errors"]


def test_bookmarks_are_private_to_their_user(programme: Programme):
    BookmarkFactory(user=programme.users["attendee"], talk=programme.talk)
    assert client_for(UserFactory()).get("/api/v1/me/bookmarks/").json()["results"] == []


def test_personal_schedule_lists_released_slots_of_bookmarked_talks(programme: Programme):
    user = programme.users["attendee"]
    BookmarkFactory(user=user, talk=programme.talk)
    BookmarkFactory(user=user, talk=TalkFactory(conference=programme.conference))  # unscheduled
    slots = client_for(user).get("/api/v1/me/schedule/?expand=talk").json()
    assert [s["talk"]["id"] for s in slots] == [str(programme.talk.uuid)]
    assert slots[0]["start"] == "2015-02-07T09:00:00-06:00"
    assert slots[0]["timezone"] == "America/Chicago"
