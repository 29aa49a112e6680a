import datetime as dt

import pytest
from django.urls import reverse

from talks.models import Talk
from tests.factories import (
    ConferenceFactory,
    OrganizerMembershipFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TrackFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def test_home_splits_conferences_into_current_upcoming_and_past(client):
    today = dt.date.today()
    ConferenceFactory(name="Now Conf", start_date=today, end_date=today)
    ConferenceFactory(
        name="Later Conf",
        start_date=today + dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=31),
    )
    ConferenceFactory(name="Old Conf")
    response = client.get(reverse("home"))
    sections = response.context
    assert [c.name for c in sections["current"]] == ["Now Conf"]
    assert [c.name for c in sections["upcoming"]] == ["Later Conf"]
    assert [c.name for c in sections["past"]] == ["Old Conf"]
    assert 'role="search"' in response.text


def test_catalogue_filters_by_year_series_city_and_tag(client):
    pyconf = SeriesFactory(slug="pyconf")
    ConferenceFactory(name="A 2015", series=pyconf)
    ConferenceFactory(
        name="B 2016",
        start_date=dt.date(2016, 3, 1),
        end_date=dt.date(2016, 3, 2),
        venue=VenueFactory(city="Brussels"),
    )
    tagged = ConferenceFactory(name="C tagged")
    TalkFactory(conference=tagged).tags.create(name="Docker", slug="docker")
    url = reverse("conference:list")

    def names(query):
        response = client.get(url + query)
        assert response.status_code == 200
        return sorted(c.name for c in response.context["conferences"])

    assert names("") == ["A 2015", "B 2016", "C tagged"]
    assert names("?year=2016") == ["B 2016"]
    assert names("?series=pyconf") == ["A 2015"]
    assert names("?city=Brussels") == ["B 2016"]
    assert names("?tag=docker") == ["C tagged"]
    assert names("?year=2016&tag=docker") == []
    assert "No conference matches" in client.get(url + "?year=2016&tag=docker").text
    assert client.get(url + "?tag=nothing").status_code == 400


def test_catalogue_lists_a_conference_without_a_venue(client):
    ConferenceFactory(name="Venue TBA", venue=None)
    ConferenceFactory(name="In Brussels", venue=VenueFactory(city="Brussels"))
    response = client.get(reverse("conference:list"))
    assert response.status_code == 200
    assert sorted(c.name for c in response.context["conferences"]) == ["In Brussels", "Venue TBA"]
    assert '<option value="Brussels">' in response.text


def test_catalogue_answers_an_impossible_filter_with_400_and_the_field_error(client):
    ConferenceFactory()
    response = client.get(reverse("conference:list") + "?year=abc")
    assert response.status_code == 400
    assert "Select a valid choice" in response.text


def test_catalogue_hides_unpublished_conferences(client):
    ConferenceFactory(name="Secret", published=False)
    response = client.get(reverse("conference:list"))
    assert "Secret" not in response.text


def test_conference_home_shows_dates_venue_rooms_tracks_and_featured_talks(client):
    conference = ConferenceFactory(name="PyT", venue=VenueFactory(name="School of Law"))
    conference.rooms.create(name="Main Hall", capacity=300)
    TrackFactory(conference=conference, name="Data")
    TalkFactory(conference=conference, title="The keynote", featured=True)
    TalkFactory(conference=conference, title="A draft", state=Talk.State.DRAFT)
    response = client.get(conference.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    for expected in ["7 February 2015", "School of Law", "Main Hall", "Data", "The keynote"]:
        assert expected in text
    assert [t.title for t in response.context["featured"]] == ["The keynote"]
    assert "A draft" not in text
    assert reverse("conference:schedule", kwargs={"slug": conference.slug}) in text


def test_unpublished_conference_is_404_for_public_and_other_organizers(client):
    conference = ConferenceFactory(published=False)
    assert client.get(conference.get_absolute_url()).status_code == 404
    other = OrganizerMembershipFactory()  # organizer of another conference
    client.force_login(other.user)
    assert client.get(conference.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    for name in ["talks", "speakers", "schedule", "schedule_list", "now"]:
        url = reverse(f"conference:{name}", kwargs={"slug": conference.slug})
        assert client.get(url).status_code == 404, name


def test_organizer_previews_unpublished_conference_with_a_banner(client):
    conference = ConferenceFactory(published=False, name="Hidden Conf")
    TalkFactory(conference=conference, title="Draft talk", state=Talk.State.DRAFT)
    membership = OrganizerMembershipFactory(conference=conference)
    client.force_login(membership.user)
    response = client.get(conference.get_absolute_url())
    assert response.status_code == 200
    assert "preview-banner" in response.text
    assert "not published" in response.text
    assert "Draft talk" in response.text


def test_conference_talks_and_speakers_pages_list_their_people(client):
    conference = ConferenceFactory()
    ada = SpeakerFactory(name="Ada Example")
    TalkFactory(conference=conference, title="On engines", speakers=[ada])
    TalkFactory(title="Elsewhere", speakers=[ada])
    talks = client.get(reverse("conference:talks", kwargs={"slug": conference.slug}))
    assert "On engines" in talks.text
    assert "Elsewhere" not in talks.text
    speakers = client.get(reverse("conference:speakers", kwargs={"slug": conference.slug}))
    assert "Ada Example" in speakers.text
    assert "On engines" in speakers.text
    assert "Elsewhere" not in speakers.text
