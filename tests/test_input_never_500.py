"""Input that once answered 500: each is now a 4xx in the page's own shape."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from talks.models import Schedule, Talk
from talks.services import schedule_get_work_in_progress, schedule_release
from tests.factories import (
    ConferenceFactory,
    ReleasedScheduleFactory,
    SlotFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/conferences/", "/api/v1/talks/", "/api/v1/speakers/"])
def test_tampered_api_cursor_is_the_apis_json_404(client, path):
    TalkFactory(conference=ConferenceFactory(published=True))
    # "p=%00": a position with a NUL byte, which PostgreSQL refuses in a comparison.
    response = client.get(path, {"cursor": "cD0lMDA="})
    assert response.status_code == 404
    assert response.json()["message"] == "Invalid cursor"


def test_huge_body_to_followups_api_is_a_json_4xx(client):
    response = client.post(
        "/api/v1/followups/",
        b'{"message": "' + b"x" * 3_000_000 + b'"}',
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_deep_json_to_followups_api_is_a_json_400(client):
    body = "[" * 50_000 + "]" * 50_000
    response = client.post("/api/v1/followups/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_now_at_with_an_extreme_offset_is_a_400(client):
    conference = ConferenceFactory(published=True)
    ReleasedScheduleFactory(conference=conference)
    url = reverse("conference:now", kwargs={"slug": conference.slug})
    response = client.get(url, {"at": "2015-02-07T10:00:00-23:59"})
    assert response.status_code == 400


def test_catalogue_lists_a_conference_without_venue(client):
    ConferenceFactory(published=True, venue=None, slug="no-venue")
    ConferenceFactory(published=True)
    assert client.get(reverse("conference:list")).status_code == 200


@pytest.mark.parametrize("at", ["2015-02-07T10:00:00+23:59", "0001-01-01T00:00:00+01:00", "x"])
def test_now_at_that_is_no_real_moment_is_a_400(client, at):
    conference = ConferenceFactory(published=True)
    ReleasedScheduleFactory(conference=conference)
    response = client.get(reverse("conference:now", kwargs={"slug": conference.slug}), {"at": at})
    assert response.status_code == 400


def test_now_at_with_an_offset_is_shown(client):
    conference = ConferenceFactory(published=True)
    ReleasedScheduleFactory(conference=conference)
    url = reverse("conference:now", kwargs={"slug": conference.slug})
    assert client.get(url, {"at": "2015-02-07T10:00:00-06:00"}).status_code == 200


# Control characters: refused on the way in, removed on the way out.


def test_release_comment_with_a_control_character_is_refused_with_a_field_message():
    conference = ConferenceFactory(published=True)
    with pytest.raises(ValidationError) as refused:
        schedule_release(conference=conference, version="1.0", comment="Moved\x1b[2J the keynote")
    assert refused.value.message_dict["comment"] == [
        "Remove the control characters U+001B; they cannot be shown or exported."
    ]
    assert not Schedule.objects.filter(conference=conference, released_at__isnull=False).exists()


def test_tabs_and_line_breaks_stay_allowed():
    conference = ConferenceFactory(published=True)
    release = schedule_release(conference=conference, version="1.0", comment="a\tb\r\nc")
    assert release.comment == "a\tb\r\nc"


def test_feed_and_calendar_of_an_old_row_with_control_characters_still_answer(client):
    conference = ConferenceFactory(published=True, slug="pyt")
    talk = TalkFactory(conference=conference, slug="esc")
    SlotFactory(schedule=schedule_get_work_in_progress(conference=conference), talk=talk)
    release = schedule_release(conference=conference, version="1.0", comment="Fine")
    # Written before the rule existed: releases are immutable, so the feed must cope.
    Schedule.objects.filter(pk=release.pk).update(comment="Bell\x07 and ESC\x1b[31m")
    Talk.objects.filter(pk=talk.pk).update(title="Escape\x1b[31m red")
    feed = client.get(reverse("schedule_changes:feed", kwargs={"slug": "pyt"}))
    assert feed.status_code == 200
    assert b"\x07" not in feed.content
    assert b"Bell and ESC[31m" in feed.content
    calendar = client.get(reverse("talks:ical", kwargs={"conference": "pyt", "slug": "esc"}))
    assert calendar.status_code == 200
    assert b"\x1b" not in calendar.content
    assert b"Escape[31m red" in calendar.content


def test_followup_api_refuses_a_control_character_with_the_field_named(client):
    talk = TalkFactory(conference=ConferenceFactory(published=True))
    ReleasedScheduleFactory(conference=talk.conference)
    response = client.post(
        "/api/v1/followups/",
        {
            "talk": str(talk.uuid),
            "kind": "question",
            "message": "Hello\x1b[2J there",
            "name": "Brian",
            "email": "brian@example.net",
            "consent_to_share": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "message" in response.json()["errors"]


def test_huge_form_post_to_the_followup_page_is_a_400(client):
    talk = TalkFactory(conference=ConferenceFactory(published=True))
    url = reverse("followups:new", kwargs={"conference": talk.conference.slug, "slug": talk.slug})
    response = client.post(url, {"message": "x" * 3_000_000, "name": "A", "email": "a@b.cd"})
    assert response.status_code == 400


def test_deep_json_to_any_api_write_is_a_json_400(client):
    body = '{"a":' * 50_000 + "1" + "}" * 50_000
    response = client.post("/api/v1/followups/", body, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "parse_error")
