"""The released schedule's plain rows (talks/api/serializers/rows.py) are SlotSerializer's
output, field for field, for every ?expand= combination and every kind of viewer: the
serializer stays the contract the OpenAPI schema describes."""

import datetime as dt
import itertools
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from talks.api.serializers.rows import released_slot_rows
from talks.api.serializers.schedule import SlotSerializer
from talks.api.views.schedule import with_slot_output_relations
from talks.api.visibility import released_slots_shown, viewer_of
from talks.models import Talk
from talks.selectors import schedule_latest_release
from talks.services import schedule_get_work_in_progress, schedule_release, slot_create
from tests.factories import (
    ConferenceFactory,
    OrganizerMembershipFactory,
    RoomFactory,
    SpeakerFactory,
    TagFactory,
    TalkFactory,
    TrackFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EXPANSIONS = ["talk", "speakers", "room", "track", "tags"]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def released(settings, tmp_path):
    """A release with a break in every room, a cancelled talk, two speakers (one with a
    photo, links and an e-mail), a track and tags, and an organizer."""
    settings.MEDIA_ROOT = tmp_path
    conference = ConferenceFactory(slug="rows", timezone="America/Chicago")
    organizer = OrganizerMembershipFactory(conference=conference, user=UserFactory()).user
    star = SpeakerFactory(
        name="Ada",
        email="ada@example.org",
        website="https://ada.example.org/",
        mastodon="https://mastodon.example/@ada",
        photo=SimpleUploadedFile("ada.png", PNG, content_type="image/png"),
    )
    track = TrackFactory(conference=conference)
    talks = [
        TalkFactory(
            conference=conference,
            speakers=[star, SpeakerFactory(name="Bo")],
            track=track,
            duration=dt.timedelta(minutes=45),
        ),
        TalkFactory(conference=conference, speakers=[SpeakerFactory()], state=Talk.State.CANCELLED),
    ]
    talks[0].tags.add(TagFactory(name="zebra"), TagFactory(name="apple"))
    schedule = schedule_get_work_in_progress(conference=conference)
    start = dt.datetime(2015, 2, 7, 9, tzinfo=conference.tzinfo)
    rooms = [RoomFactory(conference=conference, capacity=120), RoomFactory(conference=conference)]
    for n, talk in enumerate(talks):
        begins = start + dt.timedelta(hours=n)
        slot_create(
            schedule=schedule,
            room=rooms[n],
            talk=talk,
            start=begins,
            end=begins + dt.timedelta(minutes=45),
        )
    lunch = start + dt.timedelta(hours=3)
    slot_create(
        schedule=schedule,
        room=None,
        talk=None,
        title="Lunch",
        start=lunch,
        end=lunch + dt.timedelta(hours=1),
    )
    schedule_release(conference=conference, version="1.0")
    return conference, organizer


def _request(user):
    request = APIRequestFactory().get("/api/v1/conferences/rows/schedule/")
    request.user = user
    return Request(request)


@pytest.mark.parametrize("viewer", ["anonymous", "organizer"])
def test_rows_are_the_slot_serializers_output_for_every_expansion(released, viewer):
    conference, organizer = released
    request = _request(organizer if viewer == "organizer" else AnonymousUser())
    release = schedule_latest_release(conference=conference)
    for size in range(len(EXPANSIONS) + 1):
        for names in itertools.combinations(EXPANSIONS, size):
            expand = frozenset(names)
            expected = SlotSerializer(
                with_slot_output_relations(release.slots.all(), viewer_of(request)).order_by(
                    "start", "room__position", "id"
                ),
                many=True,
                context={"request": request, "expand": expand, "conference": conference},
            ).data
            slots = released_slots_shown(
                release=release,
                viewer=viewer_of(request),
                bounds=None,
                with_talks="talk" in expand,
            )
            rows = released_slot_rows(slots, expand=expand, request=request)
            assert json.loads(json.dumps(rows)) == json.loads(json.dumps(expected)), names
            assert len(rows) == 3


def test_the_organizer_sees_the_speakers_email_and_the_public_does_not(client, released):
    _, organizer = released
    url = "/api/v1/conferences/rows/schedule/?expand=talk,speakers"

    def emails(response):
        return [
            s["email"]
            for slot in response.json()["slots"]
            if slot["talk"]
            for s in slot["talk"]["speakers"]
        ]

    assert "ada@example.org" not in emails(client.get(url))
    client.force_login(organizer)
    assert "ada@example.org" in emails(client.get(url))
