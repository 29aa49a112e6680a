import pytest
from django.urls import reverse

from talks.models import FollowUp
from tests.talks.followups.conftest import ATTENDEE_DATA

pytestmark = pytest.mark.django_db


def _form_url(talk):
    return reverse("followups:new", kwargs={"conference": talk.conference.slug, "slug": talk.slug})


def test_per_ip_limit_refuses_with_429_and_keeps_the_text(client, cast, settings):
    settings.FOLLOWUPS_RATE_LIMITS = {"ip": (3, 3600)}
    for _ in range(3):
        assert client.post(_form_url(cast.talk), ATTENDEE_DATA).status_code == 302
    response = client.post(_form_url(cast.talk), ATTENDEE_DATA)
    assert response.status_code == 429
    assert "Too many follow-ups from here" in response.text
    assert "multi-user notebook server" in response.text  # the attendee's text is not lost
    assert FollowUp.objects.count() == 3
    # Another address is not affected.
    other = client.post(_form_url(cast.talk), ATTENDEE_DATA, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_per_account_limit_holds_across_addresses(client, cast, settings):
    settings.FOLLOWUPS_RATE_LIMITS = {"ip": (100, 3600), "account": (2, 3600)}
    client.force_login(cast.attendee)
    data = {**ATTENDEE_DATA, "name": "Brian", "email": "brian@example.net"}
    assert client.post(_form_url(cast.talk), data, REMOTE_ADDR="192.0.2.1").status_code == 302
    assert client.post(_form_url(cast.talk), data, REMOTE_ADDR="192.0.2.2").status_code == 302
    assert client.post(_form_url(cast.talk), data, REMOTE_ADDR="192.0.2.3").status_code == 429
    assert FollowUp.objects.count() == 2
