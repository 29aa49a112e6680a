"""The demo's organizer account runs PyTennessee 2015 in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from conference.models import Conference

pytestmark = pytest.mark.django_db


def test_demo_organizer_runs_the_demo_conference(client):
    call_command("loaddemo", "--accounts", verbosity=0)
    conference = Conference.objects.get(slug="pytennessee-2015")
    client.force_login(get_user_model().objects.get(username="organizer"))
    talks = client.get(reverse("admin:talks_talk_changelist"))
    assert "Building Services with Docker and Python" in talks.text
    assert "brian.geiger@example.org" not in talks.text
    day = client.get(reverse("admin:talks_schedule_day", args=[conference.pk]))
    assert day.status_code == 200
    assert "The Glorious Food" in day.text
    assert "Building Services with Docker and Python" in day.text
    assert day.context["changes"] == []  # the demo released what it planned
    release = client.get(reverse("admin:talks_schedule_release", args=[conference.pk]))
    assert release.status_code == 200
    changes = client.get(reverse("schedule_changes:list", kwargs={"slug": "pytennessee-2015"}))
    assert changes.status_code == 200
