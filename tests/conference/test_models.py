import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conference.models import Conference
from tests.factories import (
    ConferenceFactory,
    OrganizerMembershipFactory,
    RoomFactory,
    SeriesFactory,
    TrackFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def test_conference_slug_is_unique():
    ConferenceFactory(slug="pytn")
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceFactory(slug="pytn")


def test_conference_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceFactory(start_date=dt.date(2015, 2, 8), end_date=dt.date(2015, 2, 7))


def test_conference_ending_before_it_starts_fails_validation_with_a_message():
    conference = ConferenceFactory.build(
        start_date=dt.date(2015, 2, 8), end_date=dt.date(2015, 2, 7)
    )
    with pytest.raises(ValidationError) as excinfo:
        conference.full_clean(exclude=["series", "venue"])
    assert "cannot end before it starts" in str(excinfo.value)


def test_conference_rejects_an_unknown_time_zone():
    conference = ConferenceFactory.build(timezone="America/Nashvile")
    with pytest.raises(ValidationError) as excinfo:
        conference.full_clean(exclude=["series", "venue"])
    assert excinfo.value.message_dict["timezone"] == [
        "America/Nashvile is not an IANA time zone (for example Europe/Brussels)."
    ]


def test_conference_day_bounds_follow_day_change_and_dst():
    conference = ConferenceFactory.build(
        timezone="Europe/Brussels",
        start_date=dt.date(2026, 3, 28),
        end_date=dt.date(2026, 3, 29),
        day_change=dt.time(4, 0),
    )
    start, end = conference.day_bounds(dt.date(2026, 3, 28))
    # The night of 28 to 29 March 2026 loses an hour in Brussels: the day is 23 hours.
    assert end - start == dt.timedelta(hours=23)
    late = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)  # 01:30 local, before 04:00
    assert conference.day_of(late) == dt.date(2026, 3, 28)


def test_conference_days_lists_every_date():
    conference = ConferenceFactory.build(
        start_date=dt.date(2015, 2, 7), end_date=dt.date(2015, 2, 8)
    )
    assert conference.days == [dt.date(2015, 2, 7), dt.date(2015, 2, 8)]


def test_conference_queryset_upcoming_current_past():
    past = ConferenceFactory(start_date=dt.date(2015, 2, 7), end_date=dt.date(2015, 2, 8))
    current = ConferenceFactory(start_date=dt.date(2026, 11, 25), end_date=dt.date(2026, 11, 27))
    upcoming = ConferenceFactory(start_date=dt.date(2027, 2, 6), end_date=dt.date(2027, 2, 7))
    today = dt.date(2026, 11, 26)
    assert list(Conference.objects.past(today)) == [past]
    assert list(Conference.objects.current(today)) == [current]
    assert list(Conference.objects.upcoming(today)) == [upcoming]


def test_unpublished_conference_is_not_in_published():
    ConferenceFactory(published=False)
    shown = ConferenceFactory(published=True)
    assert list(Conference.objects.published()) == [shown]


def test_room_name_is_unique_per_conference_only():
    room = RoomFactory(name="Main Hall")
    RoomFactory(name="Main Hall")  # another conference: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomFactory(name="Main Hall", conference=room.conference)


def test_track_slug_is_unique_per_conference():
    track = TrackFactory(slug="data")
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackFactory(slug="data", conference=track.conference)


def test_track_colour_must_be_hex_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackFactory(colour="red")


def test_track_colour_must_be_hex_in_validation():
    track = TrackFactory.build(colour="blue", conference=ConferenceFactory())
    with pytest.raises(ValidationError) as excinfo:
        track.full_clean()
    assert "colour" in excinfo.value.message_dict


def test_venue_latitude_is_range_checked():
    with pytest.raises(IntegrityError), transaction.atomic():
        VenueFactory(latitude=123)


def test_user_has_one_membership_per_conference():
    membership = OrganizerMembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizerMembershipFactory(user=membership.user, conference=membership.conference)


@pytest.mark.parametrize(
    "factory", [ConferenceFactory, SeriesFactory, VenueFactory], ids=lambda f: f.__name__
)
def test_websites_a_uri_cannot_hold_fail_validation(factory):
    # Django's URLField alone accepts them; they would break "format": "uri" in the API.
    instance = factory(website="https://example.org/")
    instance.website = 'https://example.org/"><script>'
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    assert list(error.value.message_dict) == ["website"]
    instance.website = "https://bücher.example/"
    instance.full_clean()
