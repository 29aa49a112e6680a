"""Attendee e-mail addresses and messages never reach anyone but the talk's speakers."""

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from talks.followups.selectors import short_code
from talks.models import Talk
from tests.factories import OrganizerMembershipFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "secret.attendee@example.net"
MESSAGE = "Confidential: our team budget is 12345 for this setup"
REPLY = "Private reply about the budget"


def _parameterless_paths(resolver=None, prefix=""):
    """Every URL of the project that takes no arguments (the ones a crawler would find)."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _parameterless_paths(pattern, route)
        elif isinstance(pattern, URLPattern) and "<" not in route and "(?P" not in route:
            yield "/" + route.lstrip("^").rstrip("$")


@pytest.fixture
def world(client, django_capture_on_commit_callbacks):
    call_command("loaddemo", verbosity=0)
    keynote = Talk.objects.get(slug="building-services-with-docker-and-python")
    speaker_user = UserFactory()
    profile = keynote.talk_speakers.first().speaker
    profile.user = speaker_user
    profile.save()
    form = reverse(
        "followups:new", kwargs={"conference": keynote.conference.slug, "slug": keynote.slug}
    )
    for consent in ("on", ""):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                form,
                {
                    "kind": "question",
                    "message": MESSAGE,
                    "name": "Secret Attendee",
                    "email": EMAIL,
                    "affiliation": "Hidden Org",
                    "consent_to_share": consent,
                },
            )
    client.force_login(speaker_user)
    followup = keynote.followups.first()
    client.post(reverse("followups:reply", args=[followup.pk]), {"body": REPLY})
    client.logout()
    return keynote


def _assert_clean(body: str, where: str) -> None:
    for secret in (EMAIL, MESSAGE, REPLY, "brian.geiger@example.org", "Hidden Org"):
        assert secret not in body, f"{secret!r} leaked on {where}"


def test_public_pages_exports_and_api_show_no_followup_details(client, world):
    keynote = world
    pages = [
        "/",
        keynote.conference.get_absolute_url(),
        keynote.get_absolute_url(),
        "/speakers/kyle-kelley/",
        "/tags/python/",
        reverse(
            "followups:new", kwargs={"conference": keynote.conference.slug, "slug": keynote.slug}
        ),
        reverse(
            "followups:qr", kwargs={"conference": keynote.conference.slug, "slug": keynote.slug}
        ),
        f"/f/{short_code(keynote)}/",
        "/api/v1/followups/",
        *sorted(set(_parameterless_paths())),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code < 500, url
        _assert_clean(response.content.decode(errors="replace"), url)


@pytest.mark.parametrize("who", ["organizer", "other_speaker", "stranger"])
def test_signed_in_non_speakers_see_no_details(client, world, who):
    keynote = world
    user = UserFactory()
    if who == "organizer":
        OrganizerMembershipFactory(user=user, conference=keynote.conference)
    if who == "other_speaker":
        other = keynote.conference.talks.exclude(pk=keynote.pk).first()
        other.talk_speakers.create(speaker=SpeakerFactory(user=user))
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    followup = keynote.followups.first()
    html = [
        reverse("followups:inbox"),
        reverse("followups:export"),
        reverse("followups:detail", args=[followup.pk]),
        reverse("followups:organizer", kwargs={"conference": keynote.conference.slug}),
    ]
    for url in html:
        _assert_clean(client.get(url).content.decode(), url)
    for url in [
        "/api/v1/followups/",
        f"/api/v1/followups/{followup.pk}/",
        "/api/v1/followups/counts/?conference=pytennessee-2015",
    ]:
        _assert_clean(api.get(url).content.decode(), url)


def test_speaker_sees_details_only_with_consent(client, world):
    keynote = world
    speaker_user = keynote.talk_speakers.first().speaker.user
    client.force_login(speaker_user)
    export = client.get(reverse("followups:export")).content.decode()
    assert export.count(EMAIL) == 1  # the consenting one only
    assert export.count(MESSAGE) == 2
