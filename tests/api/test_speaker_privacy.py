"""Speakers across conferences through the API: attaching, e-mail, who changes them."""

import pytest

from talks.models import Speaker, Talk
from tests.api.conftest import Programme, client_for
from tests.factories import SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db

OTHER_TALKS = "/api/v1/conferences/other-conf/talks/"


def test_other_organizer_cannot_attach_kyle_to_a_talk_of_theirs(programme: Programme):
    client = client_for(programme.users["other_organizer"])
    payload = {"title": "Borrowed", "kind": "talk", "state": "draft", "speakers": ["kyle-kelley"]}
    response = client.post(OTHER_TALKS, payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "speakers": [
            "You cannot add kyle-kelley: they speak at conferences you do not organize. "
            "Invite them (an organizer of their conference or staff adds them to your talk), "
            "or create a new speaker."
        ]
    }
    assert not Talk.objects.filter(conference=programme.other_conference).exists()


def test_other_organizer_never_sees_kyles_email(programme: Programme):
    client = client_for(programme.users["other_organizer"])
    client.post(OTHER_TALKS, {"title": "Borrowed", "speakers": ["kyle-kelley"]}, format="json")
    TalkFactory(conference=programme.other_conference, slug="theirs")
    listed = client.get(f"{OTHER_TALKS}?expand=speakers").json()["results"]
    assert [t["speakers"] for t in listed] == [[]]
    ours = client.get("/api/v1/conferences/pytn/talks/?expand=speakers").json()["results"]
    assert ours[0]["speakers"][0]["email"] is None
    assert client.get("/api/v1/speakers/kyle-kelley/").json()["email"] is None
    assert "kyle@example.org" not in client.get("/api/v1/speakers/").content.decode()


def test_organizer_attaches_a_new_speaker_and_then_reads_their_email(programme: Programme):
    SpeakerFactory(slug="new-face", email="new@example.org")
    client = client_for(programme.users["other_organizer"])
    payload = {"title": "Fresh", "kind": "talk", "speakers": ["new-face"]}
    assert client.post(OTHER_TALKS, payload, format="json").status_code == 201
    listed = client.get(f"{OTHER_TALKS}?expand=speakers").json()["results"]
    assert listed[0]["speakers"][0]["email"] == "new@example.org"


def test_a_claimed_speaker_without_talks_is_not_free_to_attach(programme: Programme):
    Talk.objects.filter(pk=programme.talk.pk).delete()  # Kyle has an account, no talk now
    client = client_for(programme.users["other_organizer"])
    payload = {"title": "Borrowed", "speakers": ["kyle-kelley"]}
    assert client.post(OTHER_TALKS, payload, format="json").status_code == 400


def test_organizer_keeps_a_speaker_already_on_the_talk(programme: Programme):
    client = client_for(programme.users["organizer"])
    url = "/api/v1/conferences/pytn/talks/keynote/"
    response = client.patch(url, {"speakers": ["kyle-kelley"]}, format="json")
    assert response.status_code == 200


def test_a_shared_speaker_stays_editable_by_each_of_their_conferences(programme: Programme):
    # Staff put Kyle on the other conference's programme too (the legitimate way).
    TalkFactory(conference=programme.other_conference, speakers=[programme.speaker])
    for role, affiliation in (("organizer", "Netflix"), ("other_organizer", "Jupyter")):
        client = client_for(programme.users[role])
        response = client.patch(
            "/api/v1/speakers/kyle-kelley/", {"affiliation": affiliation}, format="json"
        )
        assert response.status_code == 200
        assert Speaker.objects.get(slug="kyle-kelley").affiliation == affiliation
