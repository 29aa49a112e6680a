"""The speaker admin's availability rows: venue time, service-validated, scoped."""

import datetime as dt

import pytest
from django.urls import reverse

from talks.models import SpeakerAvailability
from talks.services import availability_save
from tests.factories import SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def speaker(cast):
    cast.ours.timezone = "America/Chicago"
    cast.ours.save()
    speaker = SpeakerFactory(name="Kyle Kelley")
    TalkFactory(conference=cast.ours, speakers=[speaker])
    TalkFactory(conference=cast.theirs, speakers=[speaker])
    return speaker


def _form(speaker, rows, initial=0):
    data = {
        "name": speaker.name,
        "slug": speaker.slug,
        "email": speaker.email,
        "availabilities-TOTAL_FORMS": str(len(rows)),
        "availabilities-INITIAL_FORMS": str(initial),
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"availabilities-{index}-{name}"] = value
    return data


def _row(conference, start, end):
    day = conference.start_date.isoformat()
    return {
        "conference": conference.pk,
        "start_0": day,
        "start_1": start,
        "end_0": day,
        "end_1": end,
    }


def test_organizer_adds_a_window_read_in_the_conference_zone(client, cast, speaker):
    client.force_login(cast.organizer)
    url = reverse("admin:talks_speaker_change", args=[speaker.pk])
    response = client.post(url, _form(speaker, [_row(cast.ours, "09:00", "12:00")]))
    assert response.status_code == 302
    window = SpeakerAvailability.objects.get()
    chicago = cast.ours.tzinfo
    assert window.start == dt.datetime.combine(cast.ours.start_date, dt.time(9), tzinfo=chicago)
    assert window.end == dt.datetime.combine(cast.ours.start_date, dt.time(12), tzinfo=chicago)
    # Shown back as it was entered, at the venue.
    assert 'value="09:00:00"' in client.get(url).text


def test_window_ending_before_it_starts_is_a_form_error(client, cast, speaker):
    client.force_login(cast.organizer)
    url = reverse("admin:talks_speaker_change", args=[speaker.pk])
    response = client.post(url, _form(speaker, [_row(cast.ours, "12:00", "09:00")]))
    assert response.status_code == 200
    assert "must end after it starts" in response.text
    assert not SpeakerAvailability.objects.exists()


def test_organizer_cannot_add_a_window_at_another_conference(client, cast, speaker):
    client.force_login(cast.organizer)
    url = reverse("admin:talks_speaker_change", args=[speaker.pk])
    response = client.post(url, _form(speaker, [_row(cast.theirs, "09:00", "12:00")]))
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "conference" in errors[0]
    assert not SpeakerAvailability.objects.exists()


def test_organizer_sees_only_windows_of_their_conferences(client, cast, speaker):
    start = dt.datetime.combine(cast.theirs.start_date, dt.time(8), tzinfo=dt.UTC)
    availability_save(
        availability=SpeakerAvailability(
            speaker=speaker,
            conference=cast.theirs,
            start=start,
            end=start + dt.timedelta(hours=1),
        )
    )
    client.force_login(cast.organizer)
    page = client.get(reverse("admin:talks_speaker_change", args=[speaker.pk]))
    assert page.status_code == 200
    assert page.context["inline_admin_formsets"][0].formset.initial_form_count() == 0
    client.force_login(cast.other_organizer)
    page = client.get(reverse("admin:talks_speaker_change", args=[speaker.pk]))
    assert page.context["inline_admin_formsets"][0].formset.initial_form_count() == 1
