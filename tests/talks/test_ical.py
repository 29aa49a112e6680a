"""iCal exports, parsed back with the icalendar library and checked field by field."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from conference.infrastructure.page_versions import pages_changed
from talks.models import Bookmark, CalendarFeed, Talk
from talks.services import calendar_feed_get_or_create, calendar_feed_revoke
from tests.factories import (
    ConferenceFactory,
    ReleasedScheduleFactory,
    SlotFactory,
    SpeakerFactory,
    TalkFactory,
    UserFactory,
    VenueFactory,
)
from tests.website import local

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


@pytest.fixture
def keynote():
    conference = ConferenceFactory(
        slug="pyt", name="PyT", venue=VenueFactory(name="School of Law", address="Nashville, TN")
    )
    speaker = SpeakerFactory(name="Kyle Kelley", slug="kyle")
    talk = TalkFactory(
        conference=conference,
        title="Docker and Python",
        slug="docker",
        abstract="About containers.",
        speakers=[speaker],
    )
    schedule = ReleasedScheduleFactory(conference=conference)
    SlotFactory(
        schedule=schedule,
        talk=talk,
        room__name="Main Hall",
        start=local(conference, 0, 9),
        end=local(conference, 0, 10),
    )
    return talk


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_talk_ics_has_every_field(client, keynote):
    response = client.get(reverse("talks:ical", kwargs={"conference": "pyt", "slug": "docker"}))
    assert 'filename="docker.ics"' in response["Content-Disposition"]
    calendar, events = _events(response)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Hallway//Conference talks//EN"
    [event] = events
    assert str(event["UID"]) == str(keynote.uuid)
    assert str(event["SUMMARY"]) == "Docker and Python"
    start = event.decoded("DTSTART")
    assert start == dt.datetime(2015, 2, 7, 9, 0, tzinfo=CHICAGO)
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    assert event.decoded("DTEND") == dt.datetime(2015, 2, 7, 10, 0, tzinfo=CHICAGO)
    assert str(event["LOCATION"]) == "Main Hall, School of Law, Nashville, TN"
    assert str(event["URL"]) == "http://testserver/conferences/pyt/talks/docker/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Kyle Kelley" in str(event["DESCRIPTION"])
    assert "About containers." in str(event["DESCRIPTION"])
    assert event.decoded("LAST-MODIFIED") >= keynote.updated_at.replace(microsecond=0)
    [tz] = calendar.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "America/Chicago"


def test_a_change_raises_sequence_and_keeps_the_uid(client, keynote):
    url = reverse("talks:ical", kwargs={"conference": "pyt", "slug": "docker"})
    _, [before] = _events(client.get(url))
    Talk.objects.filter(pk=keynote.pk).update(
        state=Talk.State.CANCELLED, updated_at=keynote.updated_at + dt.timedelta(minutes=5)
    )
    pages_changed()  # what bulk writes do (they send no signals)
    _, [after] = _events(client.get(url))
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert str(after["STATUS"]) == "CANCELLED"


def test_talk_ics_is_404_without_a_released_slot(client):
    talk = TalkFactory()
    url = reverse("talks:ical", kwargs={"conference": talk.conference.slug, "slug": talk.slug})
    assert client.get(url).status_code == 404


def test_speaker_ics_lists_their_talks_across_conferences(client, keynote):
    other = TalkFactory(title="Second talk", speakers=list(keynote.speakers.all()))
    schedule = ReleasedScheduleFactory(conference=other.conference)
    SlotFactory(schedule=schedule, talk=other)
    _, events = _events(client.get(reverse("talks:speaker_ical", kwargs={"slug": "kyle"})))
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Docker and Python", "Second talk"]


def test_conference_ics_uses_the_latest_release_only(client, keynote):
    conference = keynote.conference
    later = TalkFactory(conference=conference, title="Added later")
    newer = ReleasedScheduleFactory(
        conference=conference, released_at=dt.datetime(2015, 2, 5, tzinfo=dt.UTC)
    )
    SlotFactory(schedule=newer, talk=later, start=local(conference, 1, 9))
    _, events = _events(client.get(reverse("conference:ical", kwargs={"slug": "pyt"})))
    assert [str(e["SUMMARY"]) for e in events] == ["Added later"]


def test_personal_feed_by_secret_token_and_revocation(client, keynote):
    user = UserFactory()
    Bookmark.objects.create(user=user, talk=keynote)
    feed = calendar_feed_get_or_create(user=user)
    url = reverse("me:feed", kwargs={"token": feed.token})
    response = client.get(url)  # no login: calendar apps cannot log in
    assert response["Cache-Control"] == "private, no-store"
    _, [event] = _events(response)
    assert str(event["UID"]) == str(keynote.uuid)
    new = calendar_feed_revoke(user=user)
    assert new.token != feed.token
    assert client.get(url).status_code == 404
    assert client.get(reverse("me:feed", kwargs={"token": new.token})).status_code == 200
    assert CalendarFeed.objects.filter(user=user).count() == 1


def test_personal_feed_never_leaks_another_users_talks(client, keynote):
    mine, theirs = UserFactory(), UserFactory()
    Bookmark.objects.create(user=theirs, talk=keynote)
    feed = calendar_feed_get_or_create(user=mine)
    _, events = _events(client.get(reverse("me:feed", kwargs={"token": feed.token})))
    assert events == []
    assert client.get(reverse("me:feed", kwargs={"token": "guess"})).status_code == 404


def test_speaker_ics_is_404_for_a_speaker_without_public_talks(client):
    speaker = SpeakerFactory()
    TalkFactory(conference=ConferenceFactory(published=False), speakers=[speaker])
    assert (
        client.get(reverse("talks:speaker_ical", kwargs={"slug": speaker.slug})).status_code == 404
    )


def test_line_breaks_in_names_and_titles_keep_the_file_valid(client, keynote):
    # Names can come from imports with line breaks; the calendar name is not escaped
    # like TEXT properties, so it must be kept to one line, never a server error.
    conference = keynote.conference
    type(conference).objects.filter(pk=conference.pk).update(name="Py\nT\r\n2015")
    Talk.objects.filter(pk=keynote.pk).update(title="Docker\nand Python")
    calendar, events = _events(client.get(reverse("conference:ical", kwargs={"slug": "pyt"})))
    assert str(calendar["X-WR-CALNAME"]) == "Py T 2015"
    assert str(events[0]["SUMMARY"]) == "Docker\nand Python"
