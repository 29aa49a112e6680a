"""Deleting a conference or a speaker asks first and shows everything that would go."""

import pytest

from conference.models import Conference
from talks.models import Speaker
from tests.security.world import STAFF, build_world

pytestmark = pytest.mark.django_db


def test_conference_delete_page_lists_what_goes_with_it():
    world = build_world()
    client = world.client(STAFF)
    url = f"/admin/conference/conference/{world.conference.pk}/delete/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Are you sure" in response.text
    for related in (world.talk.title, world.room.name, world.track.name, "Schedule"):
        assert related in response.text, related
    assert Conference.objects.filter(pk=world.conference.pk).exists()  # nothing gone yet
    client.post(url, {"post": "yes"})
    assert not Conference.objects.filter(pk=world.conference.pk).exists()


def test_speaker_delete_page_lists_their_talks():
    world = build_world()
    client = world.client(STAFF)
    response = client.get(f"/admin/talks/speaker/{world.speaker.pk}/delete/")
    assert response.status_code == 200
    assert "Are you sure" in response.text
    assert world.talk.title in response.text
    assert Speaker.objects.filter(pk=world.speaker.pk).exists()
