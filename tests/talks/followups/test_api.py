import pytest
from rest_framework.test import APIClient

from talks.models import FollowUp, FollowUpNote
from tests.factories import FollowUpFactory, FollowUpNoteFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/followups/"


@pytest.fixture
def api():
    return APIClient()


def _payload(cast, **extra):
    return {
        "talk": str(cast.talk.uuid),
        "kind": "question",
        "message": "Where are the slides?",
        "name": "Ana",
        "email": "ana@example.net",
        "consent_to_share": False,
        **extra,
    }


def test_anyone_creates_and_gets_only_their_receipt(
    api, cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(LIST, _payload(cast), format="json")
    assert response.status_code == 201
    followup = FollowUp.objects.get()
    assert response.json() == {
        "id": followup.pk,
        "talk": str(cast.talk.uuid),
        "kind": "question",
        "status": "new",
        "token": followup.token,
        "created_at": response.json()["created_at"],
    }
    assert len(mailoutbox) == 3


def test_create_errors_are_400_with_field_messages(api, cast):
    response = api.post(
        LIST,
        _payload(
            cast, email="nope", message="", rating=3, talk="00000000-0000-0000-0000-000000000000"
        ),
        format="json",
    )
    assert response.status_code == 400
    assert {"email", "message", "talk"} <= set(response.json()["errors"])
    response = api.post(LIST, _payload(cast, rating=3), format="json")
    assert response.json()["errors"] == {"rating": ["A rating goes with feedback only."]}
    response = api.post(
        LIST, {"talk": str(cast.talk.uuid), "kind": "question", "message": "x"}, format="json"
    )
    assert set(response.json()["errors"]) == {"name", "email"}
    assert FollowUp.objects.count() == 0


def test_create_on_closed_conference_is_400(api, cast):
    cast.talk.conference.followups_closed = True
    cast.talk.conference.save()
    response = api.post(LIST, _payload(cast), format="json")
    assert response.status_code == 400
    assert "closed follow-ups" in str(response.json())


def test_create_is_limited_per_sender_as_on_the_website(api, cast, settings):
    settings.FOLLOWUPS_RATE_LIMITS = {"sender_talk": (2, 3600)}
    # Invalid requests are not counted.
    for _ in range(3):
        assert api.post(LIST, _payload(cast, message=""), format="json").status_code == 400
    assert api.post(LIST, _payload(cast), format="json").status_code == 201
    assert api.post(LIST, _payload(cast), format="json").status_code == 201
    refused = api.post(LIST, _payload(cast), format="json")
    assert refused.status_code == 429
    assert refused.json()["status"] == 429
    assert FollowUp.objects.count() == 2
    # Another sender from the same address is not affected.
    other = api.post(LIST, _payload(cast, email="grace@example.net"), format="json")
    assert other.status_code == 201


@pytest.mark.parametrize("role", ["speaker", "cospeaker"])
def test_speakers_list_and_read_with_contact_only_with_consent(api, cast, role):
    shared = FollowUpFactory(talk=cast.talk, email="shared@example.net")
    private = FollowUpFactory(talk=cast.talk, email="private@example.net", consent_to_share=False)
    FollowUpNoteFactory(followup=shared, body="Reply one")
    FollowUpFactory(talk=cast.other_talk)
    api.force_authenticate(getattr(cast, role))
    listing = api.get(LIST).json()["results"]
    emails = sorted(str(f["email"]) for f in listing)
    assert emails == ["None", "shared@example.net"]
    detail = api.get(f"{LIST}{shared.pk}/").json()
    assert [n["body"] for n in detail["notes"]] == ["Reply one"]
    assert api.get(f"{LIST}{private.pk}/").json()["name"] is None


@pytest.mark.parametrize("role", ["other_speaker", "organizer", "other_organizer", "attendee"])
def test_others_list_nothing_and_cannot_read_reply_or_change(api, cast, role):
    followup = FollowUpFactory(talk=cast.talk)
    api.force_authenticate(getattr(cast, role))
    assert api.get(LIST).json()["results"] == []
    assert api.get(f"{LIST}{followup.pk}/").status_code == 404
    assert api.post(f"{LIST}{followup.pk}/reply/", {"body": "x"}).status_code == 404
    assert api.post(f"{LIST}{followup.pk}/status/", {"status": "spam"}).status_code == 404
    assert FollowUpNote.objects.count() == 0


def test_anonymous_cannot_list_or_read(api, cast):
    followup = FollowUpFactory(talk=cast.talk)
    assert api.get(LIST).status_code in (401, 403)
    assert api.get(f"{LIST}{followup.pk}/").status_code in (401, 403)


def test_speaker_replies_and_resolves_through_api(
    api, cast, mailoutbox, django_capture_on_commit_callbacks
):
    followup = FollowUpFactory(talk=cast.talk)
    api.force_authenticate(cast.speaker)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"{LIST}{followup.pk}/reply/", {"body": "Slides are online."}, format="json"
        )
    assert response.status_code == 201
    assert response.json()["kind"] == "reply"
    assert [m.to for m in mailoutbox] == [[followup.email]]
    response = api.post(f"{LIST}{followup.pk}/status/", {"status": "resolved"}, format="json")
    assert response.json()["status"] == "resolved"
    bad = api.post(f"{LIST}{followup.pk}/status/", {"status": "withdrawn"}, format="json")
    assert bad.status_code == 400
    assert api.post(f"{LIST}{followup.pk}/reply/", {"body": ""}, format="json").status_code == 400


def test_list_filters_and_hides_spam(api, cast):
    FollowUpFactory(talk=cast.talk, kind="feedback", rating=4)
    FollowUpFactory(talk=cast.talk, kind="question", status="spam")
    api.force_authenticate(cast.speaker)
    assert [f["kind"] for f in api.get(LIST).json()["results"]] == ["feedback"]
    assert [f["status"] for f in api.get(LIST, {"status": "spam"}).json()["results"]] == ["spam"]
    assert api.get(LIST, {"kind": "question"}).json()["results"] == []


@pytest.mark.parametrize(
    ("role", "status"),
    [("organizer", 200), ("staff", 200), ("speaker", 403), ("other_organizer", 403)],
)
def test_counts_for_organizers_only(api, cast, role, status):
    FollowUpFactory(talk=cast.talk, message="Secret text")
    FollowUpFactory(talk=cast.talk, status="answered")
    api.force_authenticate(getattr(cast, role))
    response = api.get(f"{LIST}counts/", {"conference": cast.talk.conference.slug})
    assert response.status_code == status
    if status == 200:
        rows = {r["title"]: r for r in response.json()}
        assert rows["Building Services with Docker and Python"]["followups_total"] == 2
        assert rows["Building Services with Docker and Python"]["followups_open"] == 1
        assert "Secret text" not in response.text


def test_counts_without_conference_is_400(api, cast):
    api.force_authenticate(cast.organizer)
    assert api.get(f"{LIST}counts/").status_code == 400


def test_schema_documents_the_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert {
        "/api/v1/followups/",
        "/api/v1/followups/{id}/",
        "/api/v1/followups/{id}/reply/",
        "/api/v1/followups/{id}/status/",
        "/api/v1/followups/counts/",
    } <= set(schema["paths"])
    assert "post" in schema["paths"]["/api/v1/followups/"]
