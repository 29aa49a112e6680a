"""Follow-up limits that hold at a venue: per sender and talk, a generous address ceiling,
invalid submissions never counted (talks/followups/ratelimit.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from talks.models import FollowUp
from tests.factories import TalkFactory
from tests.talks.followups.conftest import ATTENDEE_DATA

pytestmark = pytest.mark.django_db

VENUE = "203.0.113.50"  # the venue Wi-Fi's one public address


def _form_url(talk):
    return reverse("followups:new", kwargs={"conference": talk.conference.slug, "slug": talk.slug})


def _send(client, talk, address=VENUE, **data):
    return client.post(_form_url(talk), {**ATTENDEE_DATA, **data}, REMOTE_ADDR=address)


def test_many_attendees_behind_one_address_are_all_stored(client, cast):
    # Before, 10 an hour per address: the eleventh attendee at the venue was refused.
    # Each attendee has their own phone, so their own session (the thank-you note makes one).
    statuses = {
        _send(Client(), cast.talk, email=f"attendee{n}@example.net").status_code for n in range(40)
    }
    assert statuses == {302}
    assert FollowUp.objects.filter(talk=cast.talk).count() == 40


def test_one_sender_flooding_a_talk_is_stopped_and_keeps_the_text(client, cast):
    for _ in range(3):
        assert _send(client, cast.talk).status_code == 302
    response = _send(client, cast.talk)
    assert response.status_code == 429
    assert "Too many follow-ups from you" in response.text
    assert "multi-user notebook server" in response.text  # the attendee's text is not lost
    assert FollowUp.objects.count() == 3
    # The sender's address is compared case-insensitively.
    assert _send(client, cast.talk, email="Brian.Geiger@EXAMPLE.net").status_code == 429
    # Another attendee on the same Wi-Fi is not affected.
    assert _send(client, cast.talk, email="grace@example.net").status_code == 302


def test_one_sender_is_limited_over_all_talks(client, cast, settings):
    settings.FOLLOWUPS_RATE_LIMITS = {"sender": (4, 3600)}
    talks = [cast.talk, cast.other_talk] + [
        TalkFactory(conference=cast.talk.conference) for _ in range(3)
    ]
    assert [_send(client, talk).status_code for talk in talks] == [302] * 4 + [429]


def test_invalid_submissions_are_never_counted(client, cast, settings):
    settings.FOLLOWUPS_RATE_LIMITS = {"sender_talk": (1, 3600), "address": (1, 3600)}
    for _ in range(9):
        assert _send(client, cast.talk, message="").status_code == 400
    assert _send(client, cast.talk).status_code == 302
    assert FollowUp.objects.count() == 1


def test_a_refused_flood_does_not_use_up_the_venue_ceiling(client, cast, settings):
    settings.FOLLOWUPS_RATE_LIMITS = {"sender_talk": (2, 3600), "address": (5, 3600)}
    flood = [_send(client, cast.talk).status_code for _ in range(20)]
    assert flood == [302, 302] + [429] * 18
    others = [_send(Client(), cast.talk, email=f"a{n}@example.net").status_code for n in range(4)]
    assert others == [302, 302, 302, 429]  # the ceiling: 5 stored from this address
    assert FollowUp.objects.count() == 5


def test_the_talk_has_a_ceiling_of_its_own(client, cast, settings):
    settings.FOLLOWUPS_RATE_LIMITS = {"talk": (2, 3600)}
    addresses = ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
    statuses = [
        _send(client, cast.talk, address=a, email=f"{n}@example.net").status_code
        for n, a in enumerate(addresses)
    ]
    assert statuses == [302, 302, 429]
    assert _send(client, cast.other_talk, address="192.0.2.4").status_code == 302


def test_one_session_changing_its_email_is_stopped(client, cast, settings):
    settings.FOLLOWUPS_RATE_LIMITS = {"session": (2, 3600)}
    session = client.session  # an existing session (a chosen time zone, say)
    session["tz"] = "Europe/Berlin"
    session.save()
    statuses = [_send(client, cast.talk, email=f"x{n}@example.net").status_code for n in range(3)]
    assert statuses == [302, 302, 429]


def test_per_account_limit_holds_across_addresses(client, cast, settings):
    settings.FOLLOWUPS_RATE_LIMITS = {"account": (2, 3600)}
    client.force_login(cast.attendee)
    statuses = [
        _send(client, cast.talk, address=f"192.0.2.{n}", email=f"b{n}@example.net").status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert FollowUp.objects.count() == 2


def test_clients_behind_a_trusted_proxy_have_their_own_address_ceiling(client, cast, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.FOLLOWUPS_RATE_LIMITS = {"address": (1, 3600)}

    def via_proxy(forwarded_for, email):
        data = {**ATTENDEE_DATA, "email": email}
        return client.post(
            _form_url(cast.talk), data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for
        ).status_code

    assert via_proxy("198.51.100.1", "a@example.net") == 302
    assert via_proxy("198.51.100.2", "b@example.net") == 302
    # The client may put anything left of the proxy's entry: it is not believed.
    assert via_proxy("192.0.2.99, 198.51.100.1", "c@example.net") == 429


def test_adding_to_a_followup_is_limited_per_followup_not_per_address(client, cast, settings):
    settings.FOLLOWUPS_RATE_LIMITS = {"sender_talk": (2, 3600)}
    first, second = (
        FollowUp.objects.get(pk=_created_pk(client, cast, f"s{n}@example.net")) for n in (1, 2)
    )

    def add(followup):
        url = reverse("followups:add", kwargs={"token": followup.token})
        return client.post(url, {"body": "More"}, REMOTE_ADDR=VENUE).status_code

    assert [add(first) for _ in range(3)] == [302, 302, 429]
    assert add(second) == 302


def _created_pk(client, cast, email):
    _send(client, cast.talk, email=email)
    return FollowUp.objects.get(email=email).pk
